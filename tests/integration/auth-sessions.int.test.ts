import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, parties, passkeys, sessions } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { userActor } from "../../lib/auth/actor";
import { AppError } from "../../lib/errors";
import { accountOperations } from "../../lib/passkeys/account-operations";
import type { AccountSession } from "../../lib/passkeys/confirm-account-change";
import { finishAddingPasskey } from "../../lib/passkeys/finish-adding-passkey";
import { listPasskeys } from "../../lib/passkeys/list-passkeys";
import { removePasskey } from "../../lib/passkeys/remove-passkey";
import { renamePasskey } from "../../lib/passkeys/rename-passkey";
import { startAddingPasskey } from "../../lib/passkeys/start-adding-passkey";
import { getActiveSession } from "../../lib/sessions/get-active-session";
import { revokeSession } from "../../lib/sessions/revoke-session";
import { revokeUserSessions } from "../../lib/sessions/revoke-user-sessions";
import { suspendUser } from "../../lib/users/suspend-user";
import { stepUpBy, unlockedSession } from "../support/account-changes";
import { createTestSession, testIp } from "../support/auth-sessions";
import { createTestUser, type TestUser } from "../support/identity";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
const rp = { origin: "http://localhost:3000", rpID: "localhost", rpName: "Scrip" };
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const actorOf = (user: TestUser, isAdmin = false) =>
  userActor({ userId: user.userId, partyId: user.partyId, isAdmin });
const meta = () => ({ ip: testIp(), userAgent: "vitest" });

async function refusal(action: () => Promise<unknown>): Promise<AppError> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** Registration options for another passkey: the wallet unlocked and a step-up by `user`'s own passkey. */
async function addingOptions(user: TestUser, session: AccountSession) {
  const stepUp = await stepUpBy(t.db, user, accountOperations.addPasskey(session.sessionId));
  return startAddingPasskey(t.db, { actor: actorOf(user), session, stepUp, meta: meta() }, rp);
}

async function addSecurityKey(user: TestUser, name?: string, given?: AccountSession) {
  const session = given ?? (await unlockedSession(t.db, user));
  const options = await addingOptions(user, session);
  const key = new TestAuthenticator({ userHandle: options.user.id });
  const response = key.createRegistrationResponse(options);
  response.response.transports = ["usb"];
  const added = await finishAddingPasskey(
    t.db,
    { actor: actorOf(user), session, response, name, meta: meta() },
    rp,
  );
  return { ...added, key, options, response, session };
}

/** Renames or removes with a step-up over exactly that change, in an unlocked session of `user`. */
async function rename(user: TestUser, passkeyId: string, name: string, session?: AccountSession) {
  const s = session ?? (await unlockedSession(t.db, user));
  const stepUp = await stepUpBy(t.db, user, accountOperations.renamePasskey(passkeyId, name));
  return renamePasskey(t.db, { actor: actorOf(user), session: s, passkeyId, name, stepUp, meta: meta() }, rp);
}
async function remove(user: TestUser, passkeyId: string, session?: AccountSession) {
  const s = session ?? (await unlockedSession(t.db, user));
  const stepUp = await stepUpBy(t.db, user, accountOperations.removePasskey(passkeyId));
  return removePasskey(t.db, { actor: actorOf(user), session: s, passkeyId, stepUp, meta: meta() }, rp);
}

describe("sessions", () => {
  it("end after the idle time, after the absolute lifetime, when revoked, and before the proof is exchanged", async () => {
    const user = await createTestUser(t.db);
    const idle = await createTestSession(t.db, user.userId);
    const old = await createTestSession(t.db, user.userId);
    const live = await createTestSession(t.db, user.userId);
    expect(await getActiveSession(t.db, idle)).not.toBeNull();
    await t.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '31 minutes'` })
      .where(eq(sessions.id, idle));
    await t.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.id, old));
    expect(await getActiveSession(t.db, idle)).toBeNull();
    expect(await getActiveSession(t.db, old)).toBeNull();
    expect(await getActiveSession(t.db, live)).not.toBeNull();
    await t.db.update(sessions).set({ signInProofHash: "pending" }).where(eq(sessions.id, live));
    expect(await getActiveSession(t.db, live)).toBeNull();
    expect(await getActiveSession(t.db, "ses_not-a-session-id-at-all")).toBeNull();
    expect(await getActiveSession(t.db, null)).toBeNull();
  });

  it("slide their idle window on use and carry the person's shop roles", async () => {
    const user = await createTestUser(t.db);
    const id = await createTestSession(t.db, user.userId);
    await t.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '20 minutes'` })
      .where(eq(sessions.id, id));
    expect(await getActiveSession(t.db, id)).not.toBeNull();
    const [row] = await t.db.select().from(sessions).where(eq(sessions.id, id));
    expect(Date.now() - (row?.lastSeenAt.getTime() ?? 0)).toBeLessThan(60_000);
  });

  it("sign out ends only this session; sign out everywhere ends all of this person's and nobody else's", async () => {
    const alice = await createTestUser(t.db);
    const bob = await createTestUser(t.db);
    const [a1, a2, a3, b1] = [
      await createTestSession(t.db, alice.userId),
      await createTestSession(t.db, alice.userId),
      await createTestSession(t.db, alice.userId),
      await createTestSession(t.db, bob.userId),
    ];
    await revokeSession(t.db, { actor: actorOf(alice), sessionId: a1 });
    expect(await getActiveSession(t.db, a1)).toBeNull();
    expect(await getActiveSession(t.db, a2)).not.toBeNull();
    // Bob cannot end Alice's session, nor all of her sessions.
    await revokeSession(t.db, { actor: actorOf(bob), sessionId: a2 });
    expect(await getActiveSession(t.db, a2)).not.toBeNull();
    expect(
      (
        await refusal(() =>
          revokeUserSessions(t.db, { actor: actorOf(bob), userId: alice.userId, reason: "x" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const { revoked } = await revokeUserSessions(t.db, {
      actor: actorOf(alice),
      userId: alice.userId,
      reason: "sign out everywhere",
    });
    expect(revoked).toBe(2);
    expect(await getActiveSession(t.db, a2)).toBeNull();
    expect(await getActiveSession(t.db, a3)).toBeNull();
    expect(await getActiveSession(t.db, b1)).not.toBeNull();
    const actions = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.actorUserId, alice.userId));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(["session.revoked", "session.revoked_all"]),
    );
  });

  it("suspending an account ends its sessions; only admins may suspend", async () => {
    const admin = await createTestUser(t.db, { isAdmin: true });
    const target = await createTestUser(t.db);
    const session = await createTestSession(t.db, target.userId);
    expect(
      (
        await refusal(() =>
          suspendUser(t.db, { actor: actorOf(target), handle: admin.handle, reason: "test" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const { endedSessions } = await suspendUser(t.db, {
      actor: actorOf(admin, true),
      handle: target.handle,
      reason: "fraud",
    });
    expect(endedSessions).toBe(1);
    expect(await getActiveSession(t.db, session)).toBeNull();
    const [party] = await t.db.select().from(parties).where(eq(parties.id, target.partyId));
    expect(party?.status).toBe("suspended");
  });

  it("a suspended party's remaining sessions stop working at once", async () => {
    const user = await createTestUser(t.db);
    const session = await createTestSession(t.db, user.userId);
    await t.db.update(parties).set({ status: "suspended" }).where(eq(parties.id, user.partyId));
    expect(await getActiveSession(t.db, session)).toBeNull();
  });
});

describe("passkey management", () => {
  it("adds a security key, lists, renames and removes passkeys, ending the sessions a removed passkey signed in", async () => {
    const user = await createTestUser(t.db);
    const platformSession = await createTestSession(t.db, user.userId);
    const added = await addSecurityKey(user, "Blue key");
    expect(added.options.authenticatorSelection).toMatchObject({
      residentKey: "required",
      userVerification: "required",
    });
    expect(added.options.excludeCredentials?.map((c) => c.id)).toEqual([user.authenticator.credentialId]);
    let list = await listPasskeys(t.db, { actor: actorOf(user) });
    expect(list.map((p) => p.name)).toEqual(["Test passkey", "Blue key"]);

    await rename(user, added.passkeyId, "Red key", added.session);
    list = await listPasskeys(t.db, { actor: actorOf(user) });
    expect(list[1]?.name).toBe("Red key");

    const original = list[0]?.id ?? "";
    // The sessions signed in with the removed passkey end: the platform one and the one that added the key.
    const { endedSessions } = await remove(user, original, added.session);
    expect(endedSessions).toBe(2);
    expect(await getActiveSession(t.db, platformSession)).toBeNull();
    list = await listPasskeys(t.db, { actor: actorOf(user) });
    expect(list.map((p) => p.id)).toEqual([added.passkeyId]);
    const actions = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.actorUserId, user.userId));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(["passkey.added", "passkey.renamed", "passkey.removed", "session.revoked"]),
    );
  });

  it("never removes the last passkey, and never touches another person's passkeys", async () => {
    const user = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const [own] = await listPasskeys(t.db, { actor: actorOf(user) });
    expect((await refusal(() => remove(user, own?.id ?? ""))).code).toBe("LAST_PASSKEY");
    await addSecurityKey(other);
    const [theirs] = await listPasskeys(t.db, { actor: actorOf(other) });
    expect((await refusal(() => remove(user, theirs?.id ?? ""))).code).toBe("NOT_FOUND");
    expect((await refusal(() => rename(user, theirs?.id ?? "", "mine"))).code).toBe("NOT_FOUND");
    expect(await t.db.select().from(passkeys).where(eq(passkeys.userId, other.userId))).toHaveLength(2);
  });

  it("refuses a replayed registration, another person's challenge, another origin, no user verification and a duplicate credential", async () => {
    const user = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const added = await addSecurityKey(user);
    const session = added.session;
    const otherSession = await unlockedSession(t.db, other);
    const finish = (who: TestUser, s: AccountSession, response: unknown) =>
      finishAddingPasskey(t.db, { actor: actorOf(who), session: s, response, meta: meta() }, rp);
    const replay = await refusal(() => finish(user, session, added.response));
    expect(replay.code).toBe("PASSKEY_INVALID");

    const options = await addingOptions(user, session);
    const stolen = new TestAuthenticator().createRegistrationResponse(options);
    expect((await refusal(() => finish(other, otherSession, stolen))).code).toBe("PASSKEY_INVALID");
    for (const overrides of [{ origin: "https://evil.example" }, { userVerified: false }]) {
      const fresh = await addingOptions(user, session);
      const response = new TestAuthenticator().createRegistrationResponse(fresh, overrides);
      expect((await refusal(() => finish(user, session, response))).code).toBe("PASSKEY_INVALID");
    }
    const again = await addingOptions(other, otherSession);
    const duplicate = added.key.createRegistrationResponse(again);
    const error = await refusal(() => finish(other, otherSession, duplicate));
    expect(error.message).toMatch(/already registered/);
    expect(await t.db.select().from(passkeys).where(eq(passkeys.userId, user.userId))).toHaveLength(2);
    expect(await t.db.select().from(passkeys).where(eq(passkeys.userId, other.userId))).toHaveLength(1);
    const counted = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, other.userId), eq(auditLog.action, "passkey.added")));
    expect(counted).toHaveLength(0);
  });
});
