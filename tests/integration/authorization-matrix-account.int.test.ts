/**
 * Authorisation matrix of the account-security entry points (passkeys, sessions, recovery codes): every caller
 * kind, called directly (bypassing the UI and the proxy). Signed-in callers act on their own account with an
 * unlocked wallet and their own passkey's step-up; the hostile cases (locked wallet, no or wrong step-up,
 * another account's passkey) are in account-takeover.int.test.ts.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unlockOptionsAction, unlockWalletAction } from "../../app/(wallet)/wallet/actions";
import {
  addPasskeyAction,
  addPasskeyOptionsAction,
  addPasskeyStepUpAction,
  recoveryCodesAction,
  recoveryCodesOptionsAction,
  removePasskeyAction,
  removePasskeyOptionsAction,
  renamePasskeyAction,
  renamePasskeyOptionsAction,
  signOutSessionsAction,
  signOutSessionsOptionsAction,
} from "../../app/(wallet)/wallet/settings/security/actions";
import { POST as recoverOptionsRoute } from "../../app/api/auth/recover/options/route";
import { POST as recoverVerifyRoute } from "../../app/api/auth/recover/verify/route";
import { passkeys } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import type { ActionResult } from "../../lib/auth/action-result";
import type { RequestContext } from "../../lib/auth/request-context";
import { newId } from "../../lib/ids";
import { createRecoveryCodes } from "../../lib/recovery/create-recovery-codes";
import { createTestShop } from "../support/auth-sessions";
import { createTestUser, type TestUser } from "../support/identity";
import { matrixCaller, type Outcome, outcomeOf, responseOutcome, type Who } from "../support/matrix";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
beforeAll(async () => {
  process.env.SCRIP_ORIGIN = "http://localhost:3000";
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const callers = ["anonymous", "consumer", "shop staff", "admin"] as const;
type Caller = (typeof callers)[number];

const callerOf = (kind: Caller): Promise<Who> =>
  matrixCaller(t.db, {
    anonymous: kind === "anonymous",
    isAdmin: kind === "admin",
    join: (user) =>
      kind === "shop staff"
        ? createTestShop(t.db, [{ userId: user.userId, role: "staff" }])
        : Promise.resolve(),
  });

const signedIn = { anonymous: "UNAUTHENTICATED", consumer: "ok", "shop staff": "ok", admin: "ok" } as const;
const everyone = { anonymous: "ok", consumer: "ok", "shop staff": "ok", admin: "ok" } as const;

const post = (body: unknown) =>
  new Request("http://localhost:3000/api/auth/recover", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

/** Someone's handle and one of their unused recovery codes (whoever calls the public recovery routes). */
async function recoveryPair() {
  const person = await createTestUser(t.db);
  const [code = ""] = await createRecoveryCodes(t.db, { userId: person.userId, ip: null });
  return { handle: person.handle, code };
}

const challengeOf = (result: ActionResult<unknown>) =>
  result.ok ? (result.data as { challenge: string }).challenge : "bm8tY2hhbGxlbmdl";

/** The caller's assertion over the challenge an options action answered (a stranger's key for anonymous). */
const assertionFor = (user: TestUser | null, options: ActionResult<unknown>) =>
  (user?.authenticator ?? new TestAuthenticator()).createAssertion(challengeOf(options));

/** Unlocks the caller's wallet the real way (nothing to unlock for anonymous callers). */
async function unlocked({ context, user }: Who): Promise<RequestContext> {
  const options = await unlockOptionsAction.run(context, {});
  await unlockWalletAction.run(context, { response: assertionFor(user, options) });
  return context;
}

/** A second passkey of the caller's own, so one can be removed (a placeholder id for anonymous callers). */
async function sparePasskey(user: TestUser | null): Promise<string> {
  const passkeyId = newId("passkey");
  if (!user) return passkeyId;
  const spare = new TestAuthenticator();
  await t.db.insert(passkeys).values({
    id: passkeyId,
    userId: user.userId,
    credentialId: spare.credentialId,
    publicKey: spare.cosePublicKey(),
    deviceType: "singleDevice",
    backedUp: false,
    name: "Spare",
  });
  return passkeyId;
}

async function ownPasskey(user: TestUser | null): Promise<string> {
  if (!user) return newId("passkey");
  const [own] = await t.db.select().from(passkeys).where(eq(passkeys.userId, user.userId));
  return own?.id ?? "";
}

interface Row {
  entry: string;
  expected: Record<Caller, Outcome>;
  call: (who: Who) => Promise<Outcome>;
}

const rows: Row[] = [
  {
    entry: "action addPasskeyStepUpAction (unlocked wallet)",
    expected: signedIn,
    call: async (who) => outcomeOf(await addPasskeyStepUpAction.run(await unlocked(who), {})),
  },
  {
    entry: "action addPasskeyOptionsAction (unlocked wallet, step-up)",
    expected: signedIn,
    call: async (who) => {
      const context = await unlocked(who);
      const stepUp = assertionFor(who.user, await addPasskeyStepUpAction.run(context, {}));
      return outcomeOf(await addPasskeyOptionsAction.run(context, { stepUp }));
    },
  },
  {
    entry: "action addPasskeyAction (unlocked wallet, step-up, registration)",
    expected: signedIn,
    call: async (who) => {
      const context = await unlocked(who);
      const stepUp = assertionFor(who.user, await addPasskeyStepUpAction.run(context, {}));
      const options = await addPasskeyOptionsAction.run(context, { stepUp });
      const response = new TestAuthenticator().createRegistrationResponse({
        challenge: challengeOf(options),
      });
      return outcomeOf(await addPasskeyAction.run(context, { response, name: "Spare key" }));
    },
  },
  {
    entry: "action renamePasskeyOptionsAction (own passkey, unlocked wallet)",
    expected: signedIn,
    call: async (who) => {
      const passkeyId = await ownPasskey(who.user);
      const context = await unlocked(who);
      return outcomeOf(await renamePasskeyOptionsAction.run(context, { passkeyId, name: "Renamed" }));
    },
  },
  {
    entry: "action renamePasskeyAction (own passkey, unlocked wallet, step-up)",
    expected: signedIn,
    call: async (who) => {
      const passkeyId = await ownPasskey(who.user);
      const context = await unlocked(who);
      const options = await renamePasskeyOptionsAction.run(context, { passkeyId, name: "Renamed" });
      const stepUp = assertionFor(who.user, options);
      return outcomeOf(await renamePasskeyAction.run(context, { passkeyId, name: "Renamed", stepUp }));
    },
  },
  {
    entry: "action removePasskeyOptionsAction (own spare passkey, unlocked wallet)",
    expected: signedIn,
    call: async (who) => {
      const passkeyId = await sparePasskey(who.user);
      const context = await unlocked(who);
      return outcomeOf(await removePasskeyOptionsAction.run(context, { passkeyId }));
    },
  },
  {
    entry: "action removePasskeyAction (own spare passkey, unlocked wallet, step-up)",
    expected: signedIn,
    call: async (who) => {
      const passkeyId = await sparePasskey(who.user);
      const context = await unlocked(who);
      const stepUp = assertionFor(who.user, await removePasskeyOptionsAction.run(context, { passkeyId }));
      return outcomeOf(await removePasskeyAction.run(context, { passkeyId, stepUp }));
    },
  },
  ...(["others", "everywhere"] as const).flatMap((scope): Row[] => [
    {
      entry: `action signOutSessionsOptionsAction (${scope}, unlocked wallet)`,
      expected: signedIn,
      call: async (who) => outcomeOf(await signOutSessionsOptionsAction.run(await unlocked(who), { scope })),
    },
    {
      entry: `action signOutSessionsAction (${scope}, unlocked wallet, step-up)`,
      expected: signedIn,
      call: async (who) => {
        const context = await unlocked(who);
        const stepUp = assertionFor(who.user, await signOutSessionsOptionsAction.run(context, { scope }));
        return outcomeOf(await signOutSessionsAction.run(context, { scope, stepUp }));
      },
    },
  ]),
  {
    entry: "action recoveryCodesOptionsAction (unlocked wallet)",
    expected: signedIn,
    call: async (who) => outcomeOf(await recoveryCodesOptionsAction.run(await unlocked(who), {})),
  },
  {
    entry: "action recoveryCodesAction (unlocked wallet, step-up)",
    expected: signedIn,
    call: async (who) => {
      const context = await unlocked(who);
      const stepUp = assertionFor(who.user, await recoveryCodesOptionsAction.run(context, {}));
      return outcomeOf(await recoveryCodesAction.run(context, { stepUp }));
    },
  },
  {
    entry: "route POST /api/auth/recover/options (public; handle + unused code)",
    expected: everyone,
    call: async ({ context }) =>
      responseOutcome(await recoverOptionsRoute.run(context, post(await recoveryPair()))),
  },
  {
    entry: "route POST /api/auth/recover/verify (public; handle + unused code + new passkey)",
    expected: everyone,
    call: async ({ context }) => {
      const pair = await recoveryPair();
      const options = await (await recoverOptionsRoute.run(context, post(pair))).json();
      const response = new TestAuthenticator().createRegistrationResponse(options.data);
      return responseOutcome(await recoverVerifyRoute.run(context, post({ ...pair, response })));
    },
  },
];

describe("authorisation matrix: account security", () => {
  for (const row of rows) {
    for (const caller of callers) {
      it(`${row.entry} as ${caller}: ${row.expected[caller]}`, async () => {
        expect(await row.call(await callerOf(caller))).toBe(row.expected[caller]);
      });
    }
  }
});
