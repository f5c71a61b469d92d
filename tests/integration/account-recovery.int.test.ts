/**
 * Recovery codes (#13, hole 1): shown once at sign-up, stored hashed, each usable once to enrol a new passkey
 * (also under concurrent use); using one ends every session and is audited; wrong codes get one generic answer;
 * attempts are rate-limited per address and per handle; a new set needs an unlocked wallet and a step-up.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountRecoveries,
  auditLog,
  passkeys,
  recoveryCodes,
  securityEvents,
  sessions,
} from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { AppError } from "../../lib/errors";
import { accountOperations } from "../../lib/passkeys/account-operations";
import { finishPasskeySignUp } from "../../lib/passkeys/finish-passkey-sign-up";
import { startPasskeySignUp } from "../../lib/passkeys/start-passkey-sign-up";
import { createRecoveryCodes } from "../../lib/recovery/create-recovery-codes";
import { finishRecovery } from "../../lib/recovery/finish-recovery";
import { hashRecoveryCode } from "../../lib/recovery/recovery-code";
import { regenerateRecoveryCodes } from "../../lib/recovery/regenerate-recovery-codes";
import { startRecovery } from "../../lib/recovery/start-recovery";
import { exchangeSignInProof } from "../../lib/sessions/exchange-sign-in-proof";
import { getActiveSession } from "../../lib/sessions/get-active-session";
import { actorOfUser, stepUpBy, testRp, unlockedSession } from "../support/account-changes";
import { createTestSession, testIp } from "../support/auth-sessions";
import { createTestUser, type TestUser } from "../support/identity";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const meta = (ip = testIp()) => ({ ip, userAgent: "vitest" });

async function refusal(action: () => Promise<unknown>): Promise<AppError> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A user with a set of recovery codes. */
async function userWithCodes(): Promise<{ user: TestUser; codes: string[] }> {
  const user = await createTestUser(t.db);
  const codes = await createRecoveryCodes(t.db, { userId: user.userId, ip: null });
  return { user, codes };
}

/** The whole recovery: options for handle + code, a new authenticator, and the verification. */
async function recover(handle: string, code: string, ip = testIp()) {
  const options = await startRecovery(t.db, { handle, code, meta: meta(ip) }, testRp);
  const key = new TestAuthenticator({ userHandle: options.user.id });
  const response = key.createRegistrationResponse(options);
  const result = await finishRecovery(t.db, { handle, code, response, meta: meta(ip) }, testRp);
  return { ...result, key };
}

const genericMessage = /do not match, or the code was already used/;

describe("recovery codes at sign-up", () => {
  it("are ten high-entropy codes, returned once and stored only as hashes", async () => {
    const handle = `rec_${Math.floor(Math.random() * 1e9)}`;
    const options = await startPasskeySignUp(t.db, { handle, displayName: "Ada", meta: meta() }, testRp);
    const authenticator = new TestAuthenticator({ userHandle: options.user.id });
    const { userId, recoveryCodes: codes } = await finishPasskeySignUp(
      t.db,
      { response: authenticator.createRegistrationResponse(options), meta: meta() },
      testRp,
    );
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await t.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    expect(stored.map((row) => row.codeHash).sort()).toEqual(codes.map(hashRecoveryCode).sort());
    const text = stored.map((row) => `${row.codeHash} ${row.userId}`).join(" ");
    for (const code of codes) expect(text).not.toContain(code.replace(/-/g, "").slice(0, 10));
  });
});

describe("recovering an account with a code", () => {
  it("enrols a new passkey, spends the code, ends every session, audits it and signs in anew", async () => {
    const { user, codes } = await userWithCodes();
    const oldSession = await createTestSession(t.db, user.userId);
    const { proof, key } = await recover(user.handle.toUpperCase(), (codes[0] ?? "").toLowerCase());
    expect(await getActiveSession(t.db, oldSession)).toBeNull();
    const fresh = await exchangeSignInProof(t.db, proof);
    expect(await getActiveSession(t.db, fresh?.sessionId ?? null)).not.toBeNull();
    const keys = await t.db.select().from(passkeys).where(eq(passkeys.userId, user.userId));
    expect(keys.map((k) => k.credentialId)).toContain(key.credentialId);
    const used = await t.db
      .select()
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, user.userId), isNotNull(recoveryCodes.usedAt)));
    expect(used).toHaveLength(1);
    const [recovery] = await t.db
      .select()
      .from(accountRecoveries)
      .where(eq(accountRecoveries.userId, user.userId));
    expect(recovery?.credentialId).toBe(key.credentialId);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.actorUserId, user.userId));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["auth.recovery_used", "session.revoked_all"]),
    );
    const events = await t.db.select().from(securityEvents).where(eq(securityEvents.userId, user.userId));
    expect(events.map((e) => e.kind)).toContain("recovery_used");
  });

  it("refuses the same code twice, also when the second try got its options before the first finished", async () => {
    const { user, codes } = await userWithCodes();
    const code = codes[1] ?? "";
    const early = await startRecovery(t.db, { handle: user.handle, code, meta: meta() }, testRp);
    await recover(user.handle, code);
    expect((await refusal(() => recover(user.handle, code))).message).toMatch(genericMessage);
    const response = new TestAuthenticator().createRegistrationResponse(early);
    const late = await refusal(() =>
      finishRecovery(t.db, { handle: user.handle, code, response, meta: meta() }, testRp),
    );
    expect(late.code).toBe("RECOVERY_CODE_INVALID");
    expect(await t.db.select().from(passkeys).where(eq(passkeys.userId, user.userId))).toHaveLength(2);
  });

  it("lets exactly one of two concurrent uses of one code through", async () => {
    const { user, codes } = await userWithCodes();
    const code = codes[2] ?? "";
    const attempts = await Promise.all(
      [1, 2].map(async () => {
        const options = await startRecovery(t.db, { handle: user.handle, code, meta: meta() }, testRp);
        return new TestAuthenticator().createRegistrationResponse(options);
      }),
    );
    const results = await Promise.allSettled(
      attempts.map((response) =>
        finishRecovery(t.db, { handle: user.handle, code, response, meta: meta() }, testRp),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((failed.reason as AppError).code).toBe("RECOVERY_CODE_INVALID");
    expect(await t.db.select().from(passkeys).where(eq(passkeys.userId, user.userId))).toHaveLength(2);
  });

  it("answers a wrong code, an unknown handle and another person's code with the same message", async () => {
    const { user } = await userWithCodes();
    const { codes: theirCodes } = await userWithCodes();
    const answers = await Promise.all([
      refusal(() => recover(user.handle, "AAAAA-BBBBB-CCCCC-DDDDD")),
      refusal(() => recover(`nobody_${Math.floor(Math.random() * 1e9)}`, theirCodes[0] ?? "")),
      refusal(() => recover(user.handle, theirCodes[0] ?? "")),
    ]);
    for (const answer of answers) {
      expect(answer.code).toBe("RECOVERY_CODE_INVALID");
      expect(answer.message).toBe(answers[0]?.message);
    }
    expect(await t.db.select().from(passkeys).where(eq(passkeys.userId, user.userId))).toHaveLength(1);
  });

  it("is rate-limited per handle (from any address) and per address, even for a correct code", async () => {
    const { user, codes } = await userWithCodes();
    for (let i = 0; i < 5; i++) {
      expect((await refusal(() => recover(user.handle, `WRONG-${i}`))).code).toBe("RECOVERY_CODE_INVALID");
    }
    expect((await refusal(() => recover(user.handle, codes[0] ?? ""))).code).toBe("RATE_LIMITED");
    const ip = testIp();
    for (let i = 0; i < 10; i++) await refusal(() => recover(`someone_${i}_${ip}`.slice(0, 30), "x", ip));
    const { user: other, codes: otherCodes } = await userWithCodes();
    expect((await refusal(() => recover(other.handle, otherCodes[0] ?? "", ip))).code).toBe("RATE_LIMITED");
  });
});

describe("a new set of recovery codes", () => {
  it("needs an unlocked wallet and a step-up, and replaces the old codes", async () => {
    const { user, codes } = await userWithCodes();
    const session = await unlockedSession(t.db, user);
    const operation = accountOperations.regenerateRecoveryCodes(session.sessionId);
    const wrong = await stepUpBy(t.db, user, operation, new TestAuthenticator());
    const regenerate = (stepUp: unknown, s = session) =>
      regenerateRecoveryCodes(t.db, { actor: actorOfUser(user), session: s, stepUp, meta: meta() }, testRp);
    expect((await refusal(() => regenerate(wrong))).code).toBe("STEP_UP_INVALID");
    const locked = { sessionId: await createTestSession(t.db, user.userId), userId: user.userId };
    const lockedStepUp = await stepUpBy(
      t.db,
      user,
      accountOperations.regenerateRecoveryCodes(locked.sessionId),
    );
    expect((await refusal(() => regenerate(lockedStepUp, locked))).code).toBe("WALLET_LOCKED");
    const { codes: fresh } = await regenerate(await stepUpBy(t.db, user, operation));
    expect(fresh).toHaveLength(10);
    expect((await refusal(() => recover(user.handle, codes[0] ?? ""))).code).toBe("RECOVERY_CODE_INVALID");
    await recover(user.handle, fresh[0] ?? "");
    const revoked = await t.db.select().from(sessions).where(eq(sessions.id, session.sessionId));
    expect(revoked[0]?.revokedAt).not.toBeNull();
  });
});
