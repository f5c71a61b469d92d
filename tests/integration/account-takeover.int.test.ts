/**
 * Hostile tests of issue #13, hole 1: a stolen session cookie (wallet locked or not) must never change how the
 * account is protected. Every change to passkeys and sessions needs an unlocked wallet AND a fresh step-up with
 * a passkey already on the account, bound to exactly that operation and consumed once.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addPasskeyAction,
  addPasskeyOptionsAction,
  addPasskeyStepUpAction,
  removePasskeyAction,
  removePasskeyOptionsAction,
  renamePasskeyAction,
  renamePasskeyOptionsAction,
  signOutSessionsAction,
  signOutSessionsOptionsAction,
} from "../../app/(wallet)/wallet/settings/security/actions";
import { passkeys } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import type { ActionResult } from "../../lib/auth/action-result";
import type { Operation } from "../../lib/auth/operations";
import type { RequestContext } from "../../lib/auth/request-context";
import { newId } from "../../lib/ids";
import { accountOperations } from "../../lib/passkeys/account-operations";
import { getActiveSession } from "../../lib/sessions/get-active-session";
import { stepUpBy, unlockSession } from "../support/account-changes";
import { createTestSession, testIp } from "../support/auth-sessions";
import { createTestUser, type TestUser } from "../support/identity";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
beforeAll(async () => {
  process.env.SCRIP_ORIGIN = "http://localhost:3000";
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

interface Owner {
  user: TestUser;
  context: RequestContext;
  ownPasskeyId: string;
  spareId: string;
  spare: TestAuthenticator;
}

/** An account with two passkeys and a signed-in session (its wallet locked, as after sign-in). */
async function owner(): Promise<Owner> {
  const user = await createTestUser(t.db);
  const [own] = await t.db.select().from(passkeys).where(eq(passkeys.userId, user.userId));
  const spare = new TestAuthenticator();
  const spareId = newId("passkey");
  await t.db.insert(passkeys).values({
    id: spareId,
    userId: user.userId,
    credentialId: spare.credentialId,
    publicKey: spare.cosePublicKey(),
    deviceType: "singleDevice",
    backedUp: false,
    name: "Spare",
  });
  const sessionId = await createTestSession(t.db, user.userId);
  const context = { db: t.db, sessionId, meta: { ip: testIp(), userAgent: "thief" } };
  return { user, context, ownPasskeyId: own?.id ?? "", spareId, spare };
}

const challengeOf = (result: ActionResult<unknown>) =>
  result.ok ? (result.data as { challenge: string }).challenge : "bm8tY2hhbGxlbmdl";

const unlock = (o: Owner) => unlockSession(t.db, o.user, o.context.sessionId ?? "");

const passkeyIdsOf = async (userId: string) =>
  (await t.db.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.userId, userId))).map((p) => p.id);

/** Registers a new authenticator with whatever registration options the session can get for `stepUp`. */
async function addWith(o: Owner, stepUp: unknown, context = o.context) {
  const options = await addPasskeyOptionsAction.run(context, { stepUp });
  if (!options.ok) return options;
  const response = new TestAuthenticator().createRegistrationResponse(options.data);
  return addPasskeyAction.run(context, { response, name: "New key" });
}

/** One change to an account's protection: its operation, how the entry point performs it, and its effect. */
interface Change {
  name: string;
  operation: (o: Owner) => Operation;
  options: (o: Owner) => Promise<ActionResult<unknown>>;
  perform: (o: Owner, stepUp: unknown) => Promise<ActionResult<unknown>>;
  happened: (o: Owner) => Promise<boolean>;
}

const otherSessions = new Map<string, string>();
const changes: Change[] = [
  {
    name: "add a passkey",
    operation: (o) => accountOperations.addPasskey(o.context.sessionId ?? ""),
    options: (o) => addPasskeyStepUpAction.run(o.context, {}),
    perform: (o, stepUp) => addWith(o, stepUp),
    happened: async (o) => (await passkeyIdsOf(o.user.userId)).length === 3,
  },
  {
    name: "remove the owner's passkey",
    operation: (o) => accountOperations.removePasskey(o.ownPasskeyId),
    options: (o) => removePasskeyOptionsAction.run(o.context, { passkeyId: o.ownPasskeyId }),
    perform: (o, stepUp) => removePasskeyAction.run(o.context, { passkeyId: o.ownPasskeyId, stepUp }),
    happened: async (o) => !(await passkeyIdsOf(o.user.userId)).includes(o.ownPasskeyId),
  },
  {
    name: "rename a passkey",
    operation: (o) => accountOperations.renamePasskey(o.ownPasskeyId, "Mine now"),
    options: (o) =>
      renamePasskeyOptionsAction.run(o.context, { passkeyId: o.ownPasskeyId, name: "Mine now" }),
    perform: (o, stepUp) =>
      renamePasskeyAction.run(o.context, { passkeyId: o.ownPasskeyId, name: "Mine now", stepUp }),
    happened: async (o) =>
      (await t.db.select().from(passkeys).where(eq(passkeys.id, o.ownPasskeyId)))[0]?.name === "Mine now",
  },
  {
    name: "sign out other sessions",
    operation: (o) => accountOperations.signOutOthers(o.context.sessionId ?? ""),
    options: (o) => signOutSessionsOptionsAction.run(o.context, { scope: "others" }),
    perform: (o, stepUp) => signOutSessionsAction.run(o.context, { scope: "others", stepUp }),
    happened: async (o) => (await getActiveSession(t.db, otherSessions.get(o.user.userId) ?? "")) === null,
  },
  {
    name: "sign out everywhere",
    operation: (o) => accountOperations.signOutEverywhere(o.context.sessionId ?? ""),
    options: (o) => signOutSessionsOptionsAction.run(o.context, { scope: "everywhere" }),
    perform: (o, stepUp) => signOutSessionsAction.run(o.context, { scope: "everywhere", stepUp }),
    happened: async (o) => (await getActiveSession(t.db, otherSessions.get(o.user.userId) ?? "")) === null,
  },
];

/** An owner whose account also has a second session (the one "sign out" would end). */
async function ownerWithAnotherSession(): Promise<Owner> {
  const o = await owner();
  otherSessions.set(o.user.userId, await createTestSession(t.db, o.user.userId));
  return o;
}

async function expectRefused(change: Change, o: Owner, result: ActionResult<unknown>, code: string) {
  expect(result.ok ? "ok" : result.error.code).toBe(code);
  expect(await change.happened(o)).toBe(false);
}

describe("a stolen session alone (no passkey step-up)", () => {
  for (const wallet of ["locked", "unlocked"] as const) {
    it(`with the wallet ${wallet}: cannot get registration options or add a passkey without a step-up`, async () => {
      const o = await owner();
      if (wallet === "unlocked") await unlock(o);
      const options = await addPasskeyOptionsAction.run(o.context, {});
      expect(options.ok).toBe(false);
      const response = new TestAuthenticator().createRegistrationResponse({ challenge: "bm8tY2hhbGxlbmdl" });
      const added = await addPasskeyAction.run(o.context, { response, name: "Thief key" });
      expect(added.ok).toBe(false);
      expect(await passkeyIdsOf(o.user.userId)).toHaveLength(2);
    });
  }
  for (const change of changes) {
    it(`${change.name}: refused without a step-up (wallet unlocked)`, async () => {
      const o = await ownerWithAnotherSession();
      await unlock(o);
      await expectRefused(change, o, await change.perform(o, undefined), "VALIDATION_FAILED");
    });
  }
});

describe("each change to an account's protection", () => {
  for (const change of changes) {
    describe(change.name, () => {
      it("with the wallet locked: no step-up options, and even the owner's own step-up is refused", async () => {
        const o = await ownerWithAnotherSession();
        expect(outcome(await change.options(o))).toBe("WALLET_LOCKED");
        const stepUp = await stepUpBy(t.db, o.user, change.operation(o));
        await expectRefused(change, o, await change.perform(o, stepUp), "WALLET_LOCKED");
      });

      it("refuses a step-up made for another operation", async () => {
        const o = await ownerWithAnotherSession();
        await unlock(o);
        const stepUp = await stepUpBy(t.db, o.user, {
          type: "wallet.unlock",
          sessionId: o.context.sessionId ?? "",
        });
        await expectRefused(change, o, await change.perform(o, stepUp), "STEP_UP_INVALID");
      });

      it("refuses a passkey of another account and a key that is not on the account (the new one)", async () => {
        const o = await ownerWithAnotherSession();
        const stranger = await createTestUser(t.db);
        await unlock(o);
        const foreign = await stepUpBy(t.db, o.user, change.operation(o), stranger.authenticator);
        await expectRefused(change, o, await change.perform(o, foreign), "STEP_UP_INVALID");
        const thiefKey = await stepUpBy(t.db, o.user, change.operation(o), new TestAuthenticator());
        await expectRefused(change, o, await change.perform(o, thiefKey), "STEP_UP_INVALID");
      });

      it("works with the owner's step-up through the entry points, once: a replay is refused", async () => {
        const o = await ownerWithAnotherSession();
        await unlock(o);
        const options = await change.options(o);
        expect(outcome(options)).toBe("ok");
        const stepUp = o.spare.createAssertion(challengeOf(options));
        expect(outcome(await change.perform(o, stepUp))).toBe("ok");
        expect(await change.happened(o)).toBe(true);
        const replay = await change.perform(o, stepUp);
        expect(replay.ok).toBe(false);
      });
    });
  }
});

describe("adding a passkey", () => {
  it("registration options issued to one session cannot be used by another, and are used once", async () => {
    const o = await owner();
    await unlock(o);
    const stepUp = await stepUpBy(t.db, o.user, accountOperations.addPasskey(o.context.sessionId ?? ""));
    const options = await addPasskeyOptionsAction.run(o.context, { stepUp });
    if (!options.ok) throw new Error(options.error.message);
    const otherSession = await createTestSession(t.db, o.user.userId);
    await unlockSession(t.db, o.user, otherSession);
    const elsewhere = { ...o.context, sessionId: otherSession };
    const response = new TestAuthenticator().createRegistrationResponse(options.data);
    expect(outcome(await addPasskeyAction.run(elsewhere, { response }))).toBe("STEP_UP_REQUIRED");
    expect(outcome(await addPasskeyAction.run(o.context, { response }))).toBe("ok");
    expect(outcome(await addPasskeyAction.run(o.context, { response }))).toBe("PASSKEY_INVALID");
    expect(await passkeyIdsOf(o.user.userId)).toHaveLength(3);
  });

  it("a step-up over sign-out-others does not sign out everywhere (scopes are distinct)", async () => {
    const o = await ownerWithAnotherSession();
    await unlock(o);
    const stepUp = await stepUpBy(t.db, o.user, accountOperations.signOutOthers(o.context.sessionId ?? ""));
    const result = await signOutSessionsAction.run(o.context, { scope: "everywhere", stepUp });
    expect(outcome(result)).toBe("STEP_UP_INVALID");
    expect(await getActiveSession(t.db, o.context.sessionId)).not.toBeNull();
  });
});

const outcome = (result: ActionResult<unknown>) => (result.ok ? "ok" : result.error.code);
