import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, passkeys, sessions } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { userActor } from "../../lib/auth/actor";
import { beginStepUp, completeStepUp } from "../../lib/auth/require-step-up";
import { AppError } from "../../lib/errors";
import { lockWallet } from "../../lib/sessions/lock-wallet";
import { requireUnlockedWallet } from "../../lib/sessions/require-unlocked-wallet";
import { unlockWallet, walletUnlockOperation } from "../../lib/sessions/unlock-wallet";
import { createTestSession, testIp } from "../support/auth-sessions";
import { createTestUser, type TestUser } from "../support/identity";

let t: TestDatabase;
const rp = { origin: "http://localhost:3000", rpID: "localhost", rpName: "Scrip" };
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const actorOf = (user: TestUser) => userActor({ userId: user.userId, partyId: user.partyId });

async function refusal(action: () => Promise<unknown>): Promise<AppError> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function unlockChallenge(user: TestUser, sessionId: string) {
  const options = await beginStepUp(
    t.db,
    { actor: actorOf(user), operation: walletUnlockOperation(sessionId), ip: testIp() },
    rp,
  );
  return options.challenge;
}

const unlockedUntil = async (sessionId: string) =>
  (await t.db.select().from(sessions).where(eq(sessions.id, sessionId)))[0]?.unlockedUntil ?? null;

describe("wallet lock", () => {
  it("stays locked until a step-up over this session's unlock, then locks on demand", async () => {
    const user = await createTestUser(t.db);
    const sessionId = await createTestSession(t.db, user.userId);
    const session = { sessionId, userId: user.userId };
    expect((await refusal(() => requireUnlockedWallet(t.db, session))).code).toBe("WALLET_LOCKED");
    const response = user.authenticator.createAssertion(await unlockChallenge(user, sessionId));
    const { unlockedUntil: until } = await unlockWallet(
      t.db,
      { actor: actorOf(user), sessionId, response },
      rp,
    );
    expect(until.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
    await requireUnlockedWallet(t.db, session);
    await lockWallet(t.db, { actor: actorOf(user), sessionId });
    expect((await refusal(() => requireUnlockedWallet(t.db, session))).code).toBe("WALLET_LOCKED");
  });

  it("locks again once the idle time has passed", async () => {
    const user = await createTestUser(t.db);
    const sessionId = await createTestSession(t.db, user.userId);
    const response = user.authenticator.createAssertion(await unlockChallenge(user, sessionId));
    await unlockWallet(t.db, { actor: actorOf(user), sessionId, response }, rp);
    await t.db
      .update(sessions)
      .set({ unlockedUntil: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, sessionId));
    expect((await refusal(() => requireUnlockedWallet(t.db, { sessionId, userId: user.userId }))).code).toBe(
      "WALLET_LOCKED",
    );
  });

  it("refuses an unlock assertion made for another session (operation A used for B), and a replay; nothing unlocks", async () => {
    const user = await createTestUser(t.db);
    const sessionA = await createTestSession(t.db, user.userId);
    const sessionB = await createTestSession(t.db, user.userId);
    const forA = user.authenticator.createAssertion(await unlockChallenge(user, sessionA));
    const mismatch = await refusal(() =>
      unlockWallet(t.db, { actor: actorOf(user), sessionId: sessionB, response: forA }, rp),
    );
    expect(mismatch.code).toBe("STEP_UP_INVALID");
    expect(mismatch.message).toMatch(/different operation/);
    expect(await unlockedUntil(sessionB)).toBeNull();

    await unlockWallet(t.db, { actor: actorOf(user), sessionId: sessionA, response: forA }, rp);
    await lockWallet(t.db, { actor: actorOf(user), sessionId: sessionA });
    const replay = await refusal(() =>
      unlockWallet(t.db, { actor: actorOf(user), sessionId: sessionA, response: forA }, rp),
    );
    expect(replay.message).toMatch(/already used/);
    expect(await unlockedUntil(sessionA)).toBeNull();
    const failures = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, user.userId), eq(auditLog.action, "auth.step_up_failed")));
    expect(failures).toHaveLength(2);
  });

  it("refuses another person's session, another origin and a missing user verification", async () => {
    const user = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const sessionId = await createTestSession(t.db, user.userId);
    const theirs = await createTestSession(t.db, other.userId);
    const forTheirs = user.authenticator.createAssertion(await unlockChallenge(user, theirs));
    expect(
      (
        await refusal(() =>
          unlockWallet(t.db, { actor: actorOf(user), sessionId: theirs, response: forTheirs }, rp),
        )
      ).code,
    ).toBe("UNAUTHENTICATED");
    expect(await unlockedUntil(theirs)).toBeNull();
    for (const overrides of [{ origin: "https://evil.example" }, { userVerified: false }]) {
      const response = user.authenticator.createAssertion(await unlockChallenge(user, sessionId), overrides);
      expect(
        (await refusal(() => unlockWallet(t.db, { actor: actorOf(user), sessionId, response }, rp))).code,
      ).toBe("STEP_UP_INVALID");
    }
    expect(await unlockedUntil(sessionId)).toBeNull();
  });

  it("flags a step-up counter going backwards in the audit log and leaves the counter alone", async () => {
    const user = await createTestUser(t.db);
    const sessionId = await createTestSession(t.db, user.userId);
    const forward = user.authenticator.createAssertion(await unlockChallenge(user, sessionId), {
      counter: 20,
    });
    await unlockWallet(t.db, { actor: actorOf(user), sessionId, response: forward }, rp);
    await lockWallet(t.db, { actor: actorOf(user), sessionId });
    const backwards = user.authenticator.createAssertion(await unlockChallenge(user, sessionId), {
      counter: 3,
    });
    const error = await refusal(() =>
      unlockWallet(t.db, { actor: actorOf(user), sessionId, response: backwards }, rp),
    );
    expect(error.message).toMatch(/counter/i);
    const [passkey] = await t.db.select().from(passkeys).where(eq(passkeys.userId, user.userId));
    expect(passkey?.counter).toBe(20);
    expect(await unlockedUntil(sessionId)).toBeNull();
    const flags = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, user.userId), eq(auditLog.action, "passkey.counter_regression")));
    expect(flags).toHaveLength(1);
  });

  it("limits step-up attempts per account with RATE_LIMITED", async () => {
    const user = await createTestUser(t.db);
    const operation = { type: "test.operation", n: 1 };
    for (let i = 0; i < 30; i++)
      await beginStepUp(t.db, { actor: actorOf(user), operation, ip: testIp() }, rp);
    const error = await refusal(() =>
      beginStepUp(t.db, { actor: actorOf(user), operation, ip: testIp() }, rp),
    );
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    await expect(
      completeStepUp(t.db, { actor: { kind: "system", reason: "x" }, operation, response: {} }, rp),
    ).rejects.toThrow(/Only a person/);
  });
});
