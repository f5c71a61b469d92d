/**
 * Authorisation matrix of payout accounts (issue 18): the wallet's and the shop's payout entry points, called
 * directly (bypassing UI and proxy) by each kind of caller. Any signed-in person sets and removes their own;
 * only shop A's owners set or remove shop A's. Each call builds its own fresh data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  removeShopPayoutAccountAction,
  removeShopPayoutAccountOptionsAction,
  setShopPayoutAccountAction,
  setShopPayoutAccountOptionsAction,
} from "../../app/(merchant)/merchant/[slug]/payout/actions";
import {
  removePayoutAccountAction,
  removePayoutAccountOptionsAction,
  setPayoutAccountAction,
  setPayoutAccountOptionsAction,
} from "../../app/(wallet)/wallet/settings/payout/actions";
import { shopMembers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import type { ActionResult } from "../../lib/auth/action-result";
import type { Actor } from "../../lib/auth/actor";
import { beginSetPayoutAccount } from "../../lib/payout-accounts/begin-set-payout-account";
import { setPayoutAccount } from "../../lib/payout-accounts/set-payout-account";
import { createTestShop } from "../support/auth-sessions";
import { actorOf, setupCouponEnvironment } from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { matrixCaller, type Outcome, outcomeOf, type Who } from "../support/matrix";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
let ownerA: TestUser;
let shopA: { shopId: string; partyId: string };
let shopB: { shopId: string; partyId: string };

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  ownerA = await createTestUser(t.db);
  shopA = await createTestShop(t.db, [{ userId: ownerA.userId, role: "owner" }]);
  shopB = await createTestShop(t.db, [{ userId: (await createTestUser(t.db)).userId, role: "owner" }]);
});
afterAll(async () => {
  await t?.destroy();
});

const callers = ["anonymous", "consumer", "shop B owner", "admin", "shop A staff", "shop A owner"] as const;
type Caller = (typeof callers)[number];
const callerOf = (kind: Caller): Promise<Who> => {
  const membership =
    kind === "shop B owner"
      ? { shopId: shopB.shopId, role: "owner" as const }
      : kind === "shop A staff"
        ? { shopId: shopA.shopId, role: "staff" as const }
        : kind === "shop A owner"
          ? { shopId: shopA.shopId, role: "owner" as const }
          : null;
  return matrixCaller(t.db, {
    anonymous: kind === "anonymous",
    isAdmin: kind === "admin",
    join: async (user) => {
      if (membership) await t.db.insert(shopMembers).values({ ...membership, userId: user.userId });
    },
  });
};

function assertionFor(user: TestUser | null, result: ActionResult<unknown>) {
  const options = result.ok ? (result.data as { options: { challenge: string } }).options : null;
  return (user?.authenticator ?? new TestAuthenticator()).createAssertion(
    options?.challenge ?? "bm8tY2hhbGxlbmdl",
  );
}

const details = { iban: "DE89 3704 0044 0532 0130 00", holderName: "Matrix Holder" };

/** Gives `user` (or shop A, through its first owner) a payout account, so there is one to remove. */
async function accountFor(user: TestUser, actor: Actor, scope: { shopId?: string } = {}) {
  const draft = await beginSetPayoutAccount(t.db, actor, { ...scope, ...details, ip: null });
  await setPayoutAccount(t.db, actor, {
    ...scope,
    ...details,
    authorization: user.authenticator.createAssertion(draft.options.challenge),
  });
}
const ownerAActor = (): Actor => ({
  kind: "user",
  userId: ownerA.userId,
  partyId: ownerA.partyId,
  isAdmin: false,
  shopRoles: { [shopA.shopId]: "owner" },
});

const signedIn = {
  anonymous: "UNAUTHENTICATED",
  consumer: "ok",
  "shop B owner": "ok",
  admin: "ok",
  "shop A staff": "ok",
  "shop A owner": "ok",
};
const ownersOfA = {
  anonymous: "UNAUTHENTICATED",
  consumer: "FORBIDDEN",
  "shop B owner": "FORBIDDEN",
  admin: "FORBIDDEN",
  "shop A staff": "FORBIDDEN",
  "shop A owner": "ok",
};

interface Row {
  entry: string;
  expected: Record<Caller, Outcome>;
  call: (who: Who) => Promise<Outcome>;
}

const rows: Row[] = [
  {
    entry: "actions setPayoutAccountOptionsAction + setPayoutAccountAction (own)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const options = await setPayoutAccountOptionsAction.run(context, details);
      const result = await setPayoutAccountAction.run(context, {
        ...details,
        stepUp: assertionFor(user, options),
      });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
  {
    entry: "actions removePayoutAccountOptionsAction + removePayoutAccountAction (own)",
    expected: signedIn,
    call: async ({ context, user }) => {
      if (user) await accountFor(user, actorOf(user));
      const options = await removePayoutAccountOptionsAction.run(context, {});
      const result = await removePayoutAccountAction.run(context, { stepUp: assertionFor(user, options) });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
  {
    entry: "action setShopPayoutAccountAction on shop A with an assertion but no options",
    expected: { ...ownersOfA, "shop A owner": "STEP_UP_INVALID" },
    call: async ({ context, user }) =>
      outcomeOf(
        await setShopPayoutAccountAction.run(context, {
          shopId: shopA.shopId,
          ...details,
          stepUp: assertionFor(user, { ok: false, error: { code: "X", message: "x" } }),
        }),
      ),
  },
  {
    entry: "actions setShopPayoutAccountOptionsAction + setShopPayoutAccountAction on shop A",
    expected: ownersOfA,
    call: async ({ context, user }) => {
      const input = { shopId: shopA.shopId, ...details };
      const options = await setShopPayoutAccountOptionsAction.run(context, input);
      const result = await setShopPayoutAccountAction.run(context, {
        ...input,
        stepUp: assertionFor(user, options),
      });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
  {
    entry: "actions removeShopPayoutAccountOptionsAction + removeShopPayoutAccountAction on shop A",
    expected: ownersOfA,
    call: async ({ context, user }) => {
      await accountFor(ownerA, ownerAActor(), { shopId: shopA.shopId });
      const options = await removeShopPayoutAccountOptionsAction.run(context, { shopId: shopA.shopId });
      const result = await removeShopPayoutAccountAction.run(context, {
        shopId: shopA.shopId,
        stepUp: assertionFor(user, options),
      });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
];

describe("authorisation matrix: payout accounts", () => {
  for (const row of rows) {
    for (const caller of callers) {
      it(`${row.entry} as ${caller}: ${row.expected[caller]}`, async () => {
        expect(await row.call(await callerOf(caller))).toBe(row.expected[caller]);
      });
    }
  }
});
