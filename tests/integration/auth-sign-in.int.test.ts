import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, parties, passkeys, sessions, webauthnChallenges } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { AppError } from "../../lib/errors";
import { finishPasskeySignIn } from "../../lib/passkeys/finish-passkey-sign-in";
import { startPasskeySignIn } from "../../lib/passkeys/start-passkey-sign-in";
import { exchangeSignInProof } from "../../lib/sessions/exchange-sign-in-proof";
import { getActiveSession } from "../../lib/sessions/get-active-session";
import { testIp } from "../support/auth-sessions";
import { createTestUser } from "../support/identity";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
const rp = { origin: "http://localhost:3000", rpID: "localhost", rpName: "Scrip" };
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const meta = () => ({ ip: testIp(), userAgent: "vitest" });

async function challenge() {
  return (await startPasskeySignIn(t.db, { meta: meta() }, rp)).challenge;
}

async function refusal(action: () => Promise<unknown>): Promise<AppError> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const sessionCount = async (userId: string) =>
  (await t.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)))[0]?.n ?? 0;
const storedCounter = async (credentialId: string) =>
  (await t.db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId)))[0]?.counter;

describe("sign-in with a passkey", () => {
  it("asks for user verification with no allow list, then signs in, advances the counter and audits it", async () => {
    const user = await createTestUser(t.db);
    const options = await startPasskeySignIn(t.db, { meta: meta() }, rp);
    expect(options.userVerification).toBe("required");
    expect(options.allowCredentials ?? []).toEqual([]);
    const response = user.authenticator.createAssertion(options.challenge);
    const { userId, proof } = await finishPasskeySignIn(t.db, { response, meta: meta() }, rp);
    expect(userId).toBe(user.userId);
    expect(await storedCounter(user.authenticator.credentialId)).toBe(1);
    const session = await exchangeSignInProof(t.db, proof);
    expect((await getActiveSession(t.db, session?.sessionId ?? null))?.userId).toBe(user.userId);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, user.userId), eq(auditLog.action, "auth.signin")));
    expect(audit).toBeDefined();
  });

  it("refuses a replayed assertion and creates no second session", async () => {
    const user = await createTestUser(t.db);
    const response = user.authenticator.createAssertion(await challenge());
    await finishPasskeySignIn(t.db, { response, meta: meta() }, rp);
    const error = await refusal(() => finishPasskeySignIn(t.db, { response, meta: meta() }, rp));
    expect(error.code).toBe("PASSKEY_INVALID");
    expect(error.message).toMatch(/already used|expired/);
    expect(await sessionCount(user.userId)).toBe(1);
  });

  it("refuses another origin, a missing user verification and an unknown credential; nothing changes", async () => {
    const user = await createTestUser(t.db);
    for (const [overrides, pattern] of [
      [{ origin: "https://evil.example" }, /origin/i],
      [{ userVerified: false }, /verif/i],
      [{ rpId: "evil.example" }, /rp ?id/i],
    ] as const) {
      const options = await challenge();
      const error = await refusal(() =>
        finishPasskeySignIn(
          t.db,
          { response: user.authenticator.createAssertion(options, overrides), meta: meta() },
          rp,
        ),
      );
      expect(error.code).toBe("PASSKEY_INVALID");
      expect(error.message).toMatch(pattern);
      const [row] = await t.db
        .select()
        .from(webauthnChallenges)
        .where(eq(webauthnChallenges.challenge, options));
      expect(row?.consumedAt).toBeNull();
    }
    const stranger = new TestAuthenticator();
    const unknown = await refusal(async () =>
      finishPasskeySignIn(t.db, { response: stranger.createAssertion(await challenge()), meta: meta() }, rp),
    );
    expect(unknown.code).toBe("PASSKEY_INVALID");
    expect(unknown.message).toMatch(/not registered/);
    expect(await sessionCount(user.userId)).toBe(0);
    expect(await storedCounter(user.authenticator.credentialId)).toBe(0);
  });

  it("refuses a counter going backwards, keeps the stored counter and flags it in the audit log", async () => {
    const user = await createTestUser(t.db);
    await finishPasskeySignIn(
      t.db,
      { response: user.authenticator.createAssertion(await challenge(), { counter: 10 }), meta: meta() },
      rp,
    );
    const error = await refusal(async () =>
      finishPasskeySignIn(
        t.db,
        { response: user.authenticator.createAssertion(await challenge(), { counter: 4 }), meta: meta() },
        rp,
      ),
    );
    expect(error.message).toMatch(/counter/i);
    expect(await storedCounter(user.authenticator.credentialId)).toBe(10);
    expect(await sessionCount(user.userId)).toBe(1);
    const flags = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, user.userId), eq(auditLog.action, "passkey.counter_regression")));
    expect(flags).toHaveLength(1);
  });

  it("refuses a user handle that does not match the credential, and a suspended account", async () => {
    const user = await createTestUser(t.db);
    const liar = new TestAuthenticator({ userHandle: "c29tZWJvZHktZWxzZQ" });
    const [row] = await t.db.select().from(passkeys).where(eq(passkeys.userId, user.userId));
    await t.db
      .update(passkeys)
      .set({ credentialId: liar.credentialId, publicKey: liar.cosePublicKey() })
      .where(eq(passkeys.id, row?.id ?? ""));
    const mismatch = await refusal(async () =>
      finishPasskeySignIn(t.db, { response: liar.createAssertion(await challenge()), meta: meta() }, rp),
    );
    expect(mismatch.message).toMatch(/does not belong/);

    const suspended = await createTestUser(t.db);
    await t.db.update(parties).set({ status: "suspended" }).where(eq(parties.id, suspended.partyId));
    const error = await refusal(async () =>
      finishPasskeySignIn(
        t.db,
        { response: suspended.authenticator.createAssertion(await challenge()), meta: meta() },
        rp,
      ),
    );
    expect(error.code).toBe("ACCOUNT_SUSPENDED");
    expect(await sessionCount(suspended.userId)).toBe(0);
  });

  it("lets a sign-in proof be exchanged only within two minutes", async () => {
    const user = await createTestUser(t.db);
    const { proof } = await finishPasskeySignIn(
      t.db,
      { response: user.authenticator.createAssertion(await challenge()), meta: meta() },
      rp,
    );
    await t.db
      .update(sessions)
      .set({ createdAt: sql`now() - interval '3 minutes'` })
      .where(eq(sessions.userId, user.userId));
    expect(await exchangeSignInProof(t.db, proof)).toBeNull();
    expect(await exchangeSignInProof(t.db, "not-a-real-proof-at-all-xxxxxxxx")).toBeNull();
  });

  it("limits sign-in attempts per address and per account with RATE_LIMITED", async () => {
    const ip = testIp();
    for (let i = 0; i < 30; i++) {
      await finishPasskeySignIn(t.db, { response: { id: "x" }, meta: { ip, userAgent: null } }, rp).catch(
        () => {},
      );
    }
    const perIp = await refusal(() =>
      finishPasskeySignIn(t.db, { response: { id: "x" }, meta: { ip, userAgent: null } }, rp),
    );
    expect(perIp.code).toBe("RATE_LIMITED");

    const user = await createTestUser(t.db);
    const stale = user.authenticator.createAssertion("c3RhbGUtY2hhbGxlbmdl");
    for (let i = 0; i < 10; i++) {
      await finishPasskeySignIn(t.db, { response: stale, meta: meta() }, rp).catch(() => {});
    }
    const perAccount = await refusal(async () =>
      finishPasskeySignIn(
        t.db,
        { response: user.authenticator.createAssertion(await challenge()), meta: meta() },
        rp,
      ),
    );
    expect(perAccount.code).toBe("RATE_LIMITED");
    expect(perAccount.retryAfterSeconds).toBeGreaterThan(0);
  });
});
