import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, partyCreditLimits, webauthnChallenges } from "../../db/schema";
import { abuseLimits } from "../../lib/auth/rate-limits";
import { challengeOfResponse } from "../../lib/auth/step-up-challenge";
import { convertCoupon } from "../../lib/coupons/convert-coupon";
import { getCouponToken } from "../../lib/coupons/get-coupon-token";
import { convertOperation, revealOperation } from "../../lib/coupons/operations";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { offerTransfer } from "../../lib/transfers/offer-transfer";
import { prepareOffer } from "../../lib/transfers/prepare-offer";
import {
  actorOf,
  authorize,
  authorizeAccept,
  couponTestDatabaseForFile,
  expectAppError,
  expectLedgerClean,
  giveTestCoupon,
  inOneDay,
  issueTestCoupon,
  offerTestCoupon,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";

// Every money operation confirms its passkey through completeStepUp: refusals are audited and counted, and
// once an account has spent its failures it is refused (429) before any assertion is verified.
const t = couponTestDatabaseForFile();

/** An assertion that verifies as a passkey assertion but commits to some other operation. */
const wrongAssertion = (user: TestUser) => authorize(t.db, user, { type: "test.something-else", n: 1 });

/**
 * The five operations a person confirms with a passkey, each against fresh state for `user`: `attempt(response)`
 * runs the operation with that passkey response; `good()` makes the genuine one.
 */
async function operationsFor(user: TestUser) {
  const other = await createTestUser(t.db);
  const held = await issueTestCoupon(t.db, user);
  const funded = await issueTestCoupon(t.db, other);
  await giveTestCoupon(t.db, other, user, funded);
  const incoming = await offerTestCoupon(t.db, other, await issueTestCoupon(t.db, other), {
    partyId: user.partyId,
  });
  const expiresAt = inOneDay();
  const offer = prepareOffer({
    couponId: held.id,
    version: held.version,
    recipient: { partyId: other.partyId },
    expiresAt,
  });
  const issue = prepareIssuance(actorOf(user), { amountMinor: 500n, currency: "EUR", expiresInDays: 30 });
  const convertOp = convertOperation({
    couponId: funded.id,
    version: 2,
    amountMinor: 1000n,
    currency: "EUR",
  });
  return {
    "transfer.offer": {
      good: () => authorize(t.db, user, offer.operation),
      attempt: (authorization: unknown) =>
        offerTransfer(t.db, actorOf(user), {
          couponId: held.id,
          version: held.version,
          recipient: { partyId: other.partyId },
          expiresAt,
          authorization,
        }),
    },
    "transfer.accept": {
      good: () => authorizeAccept(t.db, user, incoming),
      attempt: (authorization: unknown) =>
        acceptTransfer(t.db, actorOf(user), { transferId: incoming.transferId, authorization }),
    },
    "coupon.convert": {
      good: () => authorize(t.db, user, convertOp),
      attempt: (authorization: unknown) =>
        convertCoupon(t.db, actorOf(user), { couponId: funded.id, version: 2, authorization }),
    },
    "coupon.issue": {
      good: () => authorize(t.db, user, issue.operation),
      attempt: (authorization: unknown) =>
        requestIssuance(t.db, actorOf(user), {
          couponId: issue.couponId,
          amountMinor: 500n,
          currency: "EUR",
          expiresInDays: 30,
          authorization,
        }),
    },
    "coupon.reveal": {
      good: () => authorize(t.db, user, revealOperation({ couponId: held.id, version: held.version })),
      attempt: (authorization: unknown) =>
        getCouponToken(t.db, actorOf(user), { couponId: held.id, authorization }),
    },
  };
}

async function failuresOf(user: TestUser) {
  return t.db
    .select({ targetId: auditLog.targetId })
    .from(auditLog)
    .where(and(eq(auditLog.actorUserId, user.userId), eq(auditLog.action, "auth.step_up_failed")));
}

describe("passkey confirmation of offer, accept, convert, issue and reveal", () => {
  it("audits every refused confirmation (auth.step_up_failed, naming the operation) and changes nothing", async () => {
    const user = await createTestUser(t.db);
    const operations = await operationsFor(user);
    const before = await snapshotCouponData(t.db);
    for (const operation of Object.values(operations)) {
      await expectAppError(operation.attempt(await wrongAssertion(user)), "STEP_UP_INVALID");
    }
    expect(await snapshotCouponData(t.db)).toEqual(before);
    const failures = await failuresOf(user);
    expect(failures.map((row) => row.targetId).sort()).toEqual(Object.keys(operations).sort());
    for (const operation of Object.values(operations)) await operation.attempt(await operation.good());
    await expectLedgerClean(t.db);
  });

  it("refuses every operation with RATE_LIMITED once the account spent its failed attempts, before verifying", async () => {
    const user = await createTestUser(t.db);
    const operations = await operationsFor(user);
    const limit = abuseLimits["stepup.verify"].perAccount;
    const kinds = Object.values(operations);
    for (let i = 0; i < limit; i++) {
      const operation = kinds[i % kinds.length] as (typeof kinds)[number];
      await expectAppError(operation.attempt(await wrongAssertion(user)), "STEP_UP_INVALID");
    }
    expect(await failuresOf(user)).toHaveLength(limit);
    const before = await snapshotCouponData(t.db);
    for (const operation of kinds) {
      const genuine = await operation.good();
      const refused = await expectAppError(operation.attempt(genuine), "RATE_LIMITED");
      expect(refused.status).toBe(429);
      expect(refused.retryAfterSeconds).toBeGreaterThan(0);
      // Refused before verification: the genuine assertion's challenge is still unspent.
      const challenge = challengeOfResponse(genuine as never) as string;
      const [row] = await t.db
        .select({ consumedAt: webauthnChallenges.consumedAt })
        .from(webauthnChallenges)
        .where(eq(webauthnChallenges.challenge, challenge));
      expect(row?.consumedAt).toBeNull();
    }
    expect(await snapshotCouponData(t.db)).toEqual(before);
    // Refusals past the limit are not written to the audit log one by one (the limit counter records them).
    expect(await failuresOf(user)).toHaveLength(limit);
  });

  it("leaves the challenge unspent when the operation rolls back after the passkey verified", async () => {
    const user = await createTestUser(t.db);
    await t.db.insert(partyCreditLimits).values({ partyId: user.partyId, currency: "EUR", limitMinor: 100n });
    const issue = prepareIssuance(actorOf(user), { amountMinor: 500n, currency: "EUR", expiresInDays: 30 });
    const authorization = await authorize(t.db, user, issue.operation);
    const request = () =>
      requestIssuance(t.db, actorOf(user), {
        couponId: issue.couponId,
        amountMinor: 500n,
        currency: "EUR",
        expiresInDays: 30,
        authorization,
      });
    await expectAppError(request(), "CREDIT_LIMIT_EXCEEDED");
    await t.db.delete(partyCreditLimits).where(eq(partyCreditLimits.partyId, user.partyId));
    expect((await request()).status).toBe("issued");
    await expectAppError(request(), "STEP_UP_INVALID");
    // A successful confirmation is not a failure; only the replay was audited.
    expect(await failuresOf(user)).toHaveLength(1);
  });
});
