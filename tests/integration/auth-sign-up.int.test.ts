import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, passkeys, users, webauthnChallenges } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { AppError } from "../../lib/errors";
import { finishPasskeySignUp } from "../../lib/passkeys/finish-passkey-sign-up";
import { startPasskeySignUp } from "../../lib/passkeys/start-passkey-sign-up";
import { exchangeSignInProof } from "../../lib/sessions/exchange-sign-in-proof";
import { getActiveSession } from "../../lib/sessions/get-active-session";
import { testIp } from "../support/auth-sessions";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
const rp = { origin: "http://localhost:3000", rpID: "localhost", rpName: "Scrip" };
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

let handleCounter = 0;
const freshHandle = () => `new_${process.pid % 10000}_${++handleCounter}_${Math.floor(Math.random() * 1e5)}`;

async function begin(handle = freshHandle(), ip = testIp()) {
  const options = await startPasskeySignUp(
    t.db,
    { handle, displayName: "Ada", meta: { ip, userAgent: null } },
    rp,
  );
  const authenticator = new TestAuthenticator({ userHandle: options.user.id });
  return { options, authenticator, handle, meta: { ip, userAgent: null } };
}

async function refusal(action: () => Promise<unknown>): Promise<AppError> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const userCount = async () => (await t.db.select({ n: count() }).from(users))[0]?.n ?? 0;

describe("sign-up with a passkey", () => {
  it("creates the account, its party and a discoverable, user-verified passkey, and a session usable once", async () => {
    const { options, authenticator, handle, meta } = await begin();
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: "required",
      userVerification: "required",
    });
    expect(options.authenticatorSelection?.authenticatorAttachment).toBeUndefined();
    // PRF asked for at creation, so platform authenticators enable it for the wallet terminal's key (#16).
    expect(options.extensions).toMatchObject({ prf: {} });
    const { userId, proof } = await finishPasskeySignUp(
      t.db,
      { response: authenticator.createRegistrationResponse(options), meta },
      rp,
    );
    const [user] = await t.db.select().from(users).where(eq(users.id, userId));
    expect(user?.handle).toBe(handle);
    expect(user?.webauthnUserId).toBe(options.user.id);
    const [passkey] = await t.db.select().from(passkeys).where(eq(passkeys.userId, userId));
    expect(passkey?.credentialId).toBe(authenticator.credentialId);
    expect(passkey?.deviceType).toBe("multiDevice");
    const actions = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.actorUserId, userId));
    expect(actions.map((a) => a.action).sort()).toEqual(["auth.signup", "passkey.added"]);

    const session = await exchangeSignInProof(t.db, proof);
    expect(session).not.toBeNull();
    expect(await exchangeSignInProof(t.db, proof)).toBeNull();
    const active = await getActiveSession(t.db, session?.sessionId ?? null);
    expect(active?.handle).toBe(handle);
    expect(active?.actor).toMatchObject({ kind: "user", userId, isAdmin: false });
  });

  it("refuses a handle taken in any letter case, and malformed handles", async () => {
    const { options, authenticator, handle, meta } = await begin();
    await finishPasskeySignUp(
      t.db,
      { response: authenticator.createRegistrationResponse(options), meta },
      rp,
    );
    expect((await refusal(() => begin(handle.toUpperCase()))).code).toBe("HANDLE_TAKEN");
    await expect(begin("no")).rejects.toThrow();
    await expect(begin("bad handle!")).rejects.toThrow();
  });

  it("refuses a replayed registration, and nothing changes", async () => {
    const { options, authenticator, meta } = await begin();
    const response = authenticator.createRegistrationResponse(options);
    await finishPasskeySignUp(t.db, { response, meta }, rp);
    const before = await userCount();
    const error = await refusal(() => finishPasskeySignUp(t.db, { response, meta }, rp));
    expect(error.code).toBe("PASSKEY_INVALID");
    expect(error.message).toMatch(/already used|expired/);
    expect(await userCount()).toBe(before);
  });

  it("refuses another origin, a missing user verification, another RP ID and an unknown challenge; nothing is created and the challenge stays unused", async () => {
    const before = await userCount();
    for (const [overrides, pattern] of [
      [{ origin: "https://evil.example" }, /origin/i],
      [{ userVerified: false }, /verif/i],
    ] as const) {
      const { options, authenticator, meta } = await begin();
      const error = await refusal(() =>
        finishPasskeySignUp(
          t.db,
          { response: authenticator.createRegistrationResponse(options, overrides), meta },
          rp,
        ),
      );
      expect(error.code).toBe("PASSKEY_INVALID");
      expect(error.message).toMatch(pattern);
      const [challenge] = await t.db
        .select()
        .from(webauthnChallenges)
        .where(eq(webauthnChallenges.challenge, options.challenge));
      expect(challenge?.consumedAt).toBeNull();
    }
    const foreignRp = await begin();
    const error = await refusal(() =>
      finishPasskeySignUp(
        t.db,
        {
          response: foreignRp.authenticator.createRegistrationResponse({
            ...foreignRp.options,
            rp: { id: "evil.example" },
          }),
          meta: foreignRp.meta,
        },
        rp,
      ),
    );
    expect(error.code).toBe("PASSKEY_INVALID");
    const stranger = new TestAuthenticator();
    const unknown = await refusal(() =>
      finishPasskeySignUp(
        t.db,
        {
          response: stranger.createRegistrationResponse({ challenge: "bm90LWEtcmVhbC1jaGFsbGVuZ2U" }),
          meta: { ip: testIp(), userAgent: null },
        },
        rp,
      ),
    );
    expect(unknown.code).toBe("PASSKEY_INVALID");
    expect(await userCount()).toBe(before);
  });

  it("refuses an expired challenge and a credential id that is already registered", async () => {
    const expiring = await begin();
    await t.db
      .update(webauthnChallenges)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(webauthnChallenges.challenge, expiring.options.challenge));
    expect(
      (
        await refusal(() =>
          finishPasskeySignUp(
            t.db,
            {
              response: expiring.authenticator.createRegistrationResponse(expiring.options),
              meta: expiring.meta,
            },
            rp,
          ),
        )
      ).message,
    ).toMatch(/expired/);

    const first = await begin();
    await finishPasskeySignUp(
      t.db,
      { response: first.authenticator.createRegistrationResponse(first.options), meta: first.meta },
      rp,
    );
    const second = await begin();
    const before = await userCount();
    const error = await refusal(() =>
      finishPasskeySignUp(
        t.db,
        { response: first.authenticator.createRegistrationResponse(second.options), meta: second.meta },
        rp,
      ),
    );
    expect(error.code).toBe("PASSKEY_INVALID");
    expect(error.message).toMatch(/already registered/);
    expect(await userCount()).toBe(before);
  });

  it("limits registration attempts per address with RATE_LIMITED and a Retry-After", async () => {
    const ip = testIp();
    for (let i = 0; i < 20; i++) await begin(freshHandle(), ip);
    const error = await refusal(() => begin(freshHandle(), ip));
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
  });
});
