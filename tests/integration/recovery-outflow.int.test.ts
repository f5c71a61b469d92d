/**
 * The recovery rule (#13, hole 1): for 24 hours after a passkey was enrolled with a recovery code, value leaves
 * the wallet only when that passkey confirms it, and at most SCRIP_RECOVERY_OUTFLOW_LIMIT per currency in total
 * (counted in the operation's transaction, so concurrent or rolled-back operations are never miscounted).
 * Tested through `completeStepUp` with an `outflow`, the seam every money operation calls.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountRecoveries, recoveryOutflows } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { completeStepUp } from "../../lib/auth/require-step-up";
import { AppError } from "../../lib/errors";
import { createRecoveryCodes } from "../../lib/recovery/create-recovery-codes";
import { finishRecovery } from "../../lib/recovery/finish-recovery";
import { startRecovery } from "../../lib/recovery/start-recovery";
import { actorOfUser, stepUpBy, testRp } from "../support/account-changes";
import { testIp } from "../support/auth-sessions";
import { createTestUser, type TestUser } from "../support/identity";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
beforeAll(async () => {
  process.env.SCRIP_RECOVERY_OUTFLOW_LIMIT = "100,JPY=15000";
  t = await createTestDatabase();
});
afterAll(async () => {
  delete process.env.SCRIP_RECOVERY_OUTFLOW_LIMIT;
  await t?.destroy();
});

const meta = () => ({ ip: testIp(), userAgent: "vitest" });

/** A user who lost their passkey and enrolled `recovered` with a recovery code. */
async function recoveredUser(): Promise<{ user: TestUser; recovered: TestAuthenticator }> {
  const user = await createTestUser(t.db);
  const [code = ""] = await createRecoveryCodes(t.db, { userId: user.userId, ip: null });
  const options = await startRecovery(t.db, { handle: user.handle, code, meta: meta() }, testRp);
  const recovered = new TestAuthenticator({ userHandle: options.user.id });
  const response = recovered.createRegistrationResponse(options);
  await finishRecovery(t.db, { handle: user.handle, code, response, meta: meta() }, testRp);
  return { user, recovered };
}

let giftCounter = 0;
/** Confirms a gift of `amountMinor` (an operation moving value out) with `authenticator`, like a money operation. */
async function send(
  user: TestUser,
  authenticator: TestAuthenticator,
  amountMinor: bigint,
  currency = "EUR",
  overrides: { counter?: number } = {},
) {
  giftCounter += 1;
  const operation = { type: "test.gift", n: giftCounter, amountMinor: String(amountMinor), currency };
  const response = await stepUpBy(t.db, user, operation, authenticator, overrides);
  await t.db.transaction((tx) =>
    completeStepUp(
      tx,
      {
        actor: actorOfUser(user),
        operation,
        response,
        auditDb: t.db,
        outflow: { partyId: user.partyId, currency, amountMinor },
      },
      testRp,
    ),
  );
}

async function refusal(action: () => Promise<unknown>): Promise<AppError> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("money leaving a wallet in the 24 hours after a recovery", () => {
  it("needs the passkey added with the recovery code: the old passkey is refused", async () => {
    const { user, recovered } = await recoveredUser();
    const refused = await refusal(() => send(user, user.authenticator, 500n));
    expect(refused.code).toBe("RECOVERY_RESTRICTED");
    expect(refused.message).toMatch(/only the passkey added with the recovery code/);
    await send(user, recovered, 500n);
  });

  it("is capped per currency in total, and a refused operation counts nothing", async () => {
    const { user, recovered } = await recoveredUser();
    await send(user, recovered, 6_000n);
    const over = await refusal(() => send(user, recovered, 4_001n));
    expect(over.code).toBe("LIMIT_EXCEEDED");
    expect(over.message).toMatch(/at most €100\.00/);
    await send(user, recovered, 4_000n);
    expect((await refusal(() => send(user, recovered, 1n))).code).toBe("LIMIT_EXCEEDED");
    await send(user, recovered, 15_000n, "JPY");
    expect((await refusal(() => send(user, recovered, 1n, "JPY"))).code).toBe("LIMIT_EXCEEDED");
    const counted = await t.db.select({ n: sql<number>`count(*)::int` }).from(recoveryOutflows);
    expect(counted[0]?.n).toBeGreaterThanOrEqual(3);
  });

  it("counts concurrent operations one after the other: only one of two 60.00 gifts fits in 100.00", async () => {
    const { user, recovered } = await recoveredUser();
    // A synced passkey reports a zero counter, so the two assertions cannot refuse each other as replays.
    const gift = () => send(user, recovered, 6_000n, "EUR", { counter: 0 });
    const results = await Promise.allSettled([gift(), gift()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((failed.reason as AppError).code).toBe("LIMIT_EXCEEDED");
  });

  it("ends 24 hours after the recovery; accounts never recovered are not restricted", async () => {
    const { user, recovered } = await recoveredUser();
    await t.db
      .update(accountRecoveries)
      .set({ createdAt: sql`now() - interval '24 hours 1 minute'` })
      .where(eq(accountRecoveries.userId, user.userId));
    await send(user, user.authenticator, 1_000_000n);
    await send(user, recovered, 1_000_000n);
    const plain = await createTestUser(t.db);
    await send(plain, plain.authenticator, 1_000_000n);
  });
});
