/**
 * The recovery rule (#13, hole 1) through real money operations: after a recovery, a gift confirmed with the
 * account's old passkey is refused, one confirmed with the recovered passkey goes through, and gifts beyond
 * SCRIP_RECOVERY_OUTFLOW_LIMIT are refused with nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecoveryCodes } from "../../lib/recovery/create-recovery-codes";
import { finishRecovery } from "../../lib/recovery/finish-recovery";
import { startRecovery } from "../../lib/recovery/start-recovery";
import { testRp } from "../support/account-changes";
import { testIp } from "../support/auth-sessions";
import {
  couponTestDatabaseForFile,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { TestAuthenticator } from "../support/test-authenticator";

const t = couponTestDatabaseForFile();
beforeAll(() => {
  process.env.SCRIP_RECOVERY_OUTFLOW_LIMIT = "100";
});
afterAll(() => {
  delete process.env.SCRIP_RECOVERY_OUTFLOW_LIMIT;
});

/** `user` after enrolling a new passkey with a recovery code: the same account, holding the recovered key. */
async function recover(user: TestUser): Promise<TestUser> {
  const [code = ""] = await createRecoveryCodes(t.db, { userId: user.userId, ip: null });
  const meta = { ip: testIp(), userAgent: "vitest" };
  const options = await startRecovery(t.db, { handle: user.handle, code, meta }, testRp);
  const authenticator = new TestAuthenticator({ userHandle: options.user.id });
  const response = authenticator.createRegistrationResponse(options);
  await finishRecovery(t.db, { handle: user.handle, code, response, meta }, testRp);
  return { ...user, authenticator };
}

describe("gifts in the 24 hours after a recovery", () => {
  it("need the recovered passkey and stop at the limit, changing nothing when refused", async () => {
    const owner = await createTestUser(t.db);
    const friend = await createTestUser(t.db);
    const small = await issueTestCoupon(t.db, owner, { amountMinor: 6_000n });
    const large = await issueTestCoupon(t.db, owner, { amountMinor: 5_000n });
    const recovered = await recover(owner);
    const before = await snapshotCouponData(t.db);

    await expectAppError(
      offerTestCoupon(t.db, owner, small, { partyId: friend.partyId }),
      "RECOVERY_RESTRICTED",
    );
    expect(await snapshotCouponData(t.db)).toEqual(before);

    const offer = await offerTestCoupon(t.db, recovered, small, { partyId: friend.partyId });
    expect(offer.transferId).toMatch(/^trf_/);
    // 60.00 has left; 50.00 more would pass the 100.00 limit.
    const afterFirst = await snapshotCouponData(t.db);
    await expectAppError(
      offerTestCoupon(t.db, recovered, large, { partyId: friend.partyId }),
      "LIMIT_EXCEEDED",
    );
    expect(await snapshotCouponData(t.db)).toEqual(afterFirst);
    await expectLedgerClean(t.db);
  });
});
