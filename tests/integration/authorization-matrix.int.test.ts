/**
 * Authorisation matrix: every server action and route handler, called directly (bypassing the UI and the
 * proxy) as each kind of caller, gets exactly the access its permission allows. Each row builds real input
 * for its own fresh callers, so rows never depend on each other. Add a row for every new entry point.
 * The account-security entry points (passkeys, sessions, recovery) are in authorization-matrix-account.
 *
 * Not in the table: `/api/auth/[...nextauth]` (next-auth's own handler; it only exchanges one-time proofs,
 * covered by the sign-in integration tests and every end-to-end sign-in) and `/api/health` and `/api/ready` (public probes).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { enrolAdminAction } from "../../app/(admin)/admin/enrol/[token]/actions";
import { signOutAction } from "../../app/(auth)/actions";
import { unlockOptionsAction, unlockWalletAction } from "../../app/(wallet)/wallet/actions";
import {
  acceptOfferAction,
  acceptOptionsAction,
  cancelOfferAction,
  convertCouponAction,
  convertOptionsAction,
  declineOfferAction,
  findRecipientAction,
  requestCouponAction,
  requestCouponOptionsAction,
  revealOptionsAction,
  revealTokenAction,
  verifyOfferAction,
  voidCouponAction,
} from "../../app/(wallet)/wallet/coupon-actions";
import {
  acceptGiftAction,
  acceptGiftOptionsAction,
  declineGiftAction,
  giveCouponAction,
  giveOptionsAction,
} from "../../app/(wallet)/wallet/give-actions";
import { POST as signInOptionsRoute } from "../../app/api/auth/passkey/sign-in/options/route";
import { POST as signInVerifyRoute } from "../../app/api/auth/passkey/sign-in/verify/route";
import { POST as signUpOptionsRoute } from "../../app/api/auth/passkey/sign-up/options/route";
import { POST as signUpVerifyRoute } from "../../app/api/auth/passkey/sign-up/verify/route";
import { GET as apiShopRoute } from "../../app/api/v1/shop/route";
import { POST as couponStatusRoute } from "../../app/api/wallet/coupon-status/route";
import { POST as walletLockRoute } from "../../app/api/wallet/lock/route";
import { POST as offerEvidenceRoute } from "../../app/api/wallet/offer-evidence/route";
import { GET as walletTerminalRoute } from "../../app/api/wallet/terminal/route";
import { apiKeys, shopMembers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { hashApiKey } from "../../lib/api-keys/verify-api-key";
import type { ActionResult } from "../../lib/auth/action-result";
import { adminAction } from "../../lib/auth/admin-action";
import { createAdminInvite } from "../../lib/auth/create-admin-invite";
import { shopAction } from "../../lib/auth/shop-action";
import { newId } from "../../lib/ids";
import { beginGive } from "../../lib/transfers/begin-give";
import { giveGroup } from "../../lib/transfers/give-group";
import { createTestSession, createTestShop, testIp } from "../support/auth-sessions";
import {
  actorOf,
  giveTestCoupon,
  issueTestCoupon,
  offerTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { matrixCaller, type Outcome, outcomeOf, responseOutcome, type Who } from "../support/matrix";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
let shopA: { shopId: string; partyId: string };
let shopB: { shopId: string; partyId: string };
beforeAll(async () => {
  process.env.SCRIP_ORIGIN = "http://localhost:3000";
  setupCouponEnvironment();
  t = await createTestDatabase();
  shopA = await createTestShop(t.db);
  shopB = await createTestShop(t.db);
});
afterAll(async () => {
  await t?.destroy();
});

/** The callers of the matrix. "staff of another shop" is staff of shop B; rows act on shop A or their own data. */
const callers = ["anonymous", "consumer", "other shop staff", "admin"] as const;
type Caller = (typeof callers)[number];

/** A fresh caller of `kind` with a real, signed-in session (none for anonymous). */
const callerOf = (kind: Caller): Promise<Who> =>
  matrixCaller(t.db, {
    anonymous: kind === "anonymous",
    isAdmin: kind === "admin",
    join: (user) =>
      kind === "other shop staff"
        ? createTestShop(t.db, [{ userId: user.userId, role: "staff" }])
        : Promise.resolve(),
  });
const routeOutcome = responseOutcome;
const post = (url: string, body: unknown = {}) =>
  new Request(`http://localhost:3000${url}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

/** An assertion by `user` over the challenge of the step-up options an action answered. */
function assertionFor(user: TestUser | null, options: ActionResult<{ challenge: string }>) {
  const challenge = options.ok ? options.data.challenge : "bm8tY2hhbGxlbmdl";
  return (user?.authenticator ?? new TestAuthenticator()).createAssertion(challenge);
}

/** A coupon `user` requested and holds (a placeholder id for anonymous callers, who never get that far). */
async function ownCoupon(user: TestUser | null): Promise<string> {
  return user ? (await issueTestCoupon(t.db, user)).id : "cpn_anonymous";
}

/** A pending offer from someone else: directed to `user`, or open (with its claim code) when `open` is set. */
async function offerFor(user: TestUser | null, open = false) {
  const giver = await createTestUser(t.db);
  const coupon = await issueTestCoupon(t.db, giver);
  const recipient = open || !user ? ({ open: true } as const) : { partyId: user.partyId };
  return offerTestCoupon(t.db, giver, { id: coupon.id, version: coupon.version }, recipient);
}

/** A pending gift of €15 from two €10 coupons of someone else: to `user`, or as a claim link for anonymous. */
async function giftFor(user: TestUser | null) {
  const giver = await createTestUser(t.db);
  const first = await issueTestCoupon(t.db, giver);
  await issueTestCoupon(t.db, giver);
  const draft = await beginGive(t.db, actorOf(giver), {
    couponId: first.id,
    amount: "15",
    currency: "EUR",
    recipientPartyId: user?.partyId ?? null,
    validitySeconds: 3600,
    ip: null,
  });
  const group = draft.group as { couponIds: string[]; versions: number[] };
  return giveGroup(t.db, actorOf(giver), {
    ...group,
    giveMinor: draft.giveMinor,
    currency: draft.currency,
    recipient: user ? { partyId: user.partyId } : { open: true },
    expiresAt: new Date(draft.expiresAt),
    claimCodeHash: draft.claimCodeHash,
    authorization: await giver.authenticator.createAssertion(draft.options.challenge),
  });
}

/** A funded coupon `user` received as a gift. */
async function receivedCoupon(user: TestUser | null): Promise<{ id: string; version: number }> {
  const giver = await createTestUser(t.db);
  const coupon = await issueTestCoupon(t.db, giver);
  if (!user) return { id: coupon.id, version: coupon.version };
  const given = await giveTestCoupon(t.db, giver, user, { id: coupon.id, version: coupon.version });
  return { id: coupon.id, version: given.version };
}

/** The options of a step-up action, whether it returns them bare or as `{ options, … }`. */
function challengeOf(result: ActionResult<unknown>): ActionResult<{ challenge: string }> {
  if (!result.ok) return result;
  const data = result.data as { challenge?: string; options?: { challenge: string } };
  return { ok: true, data: { challenge: data.options?.challenge ?? data.challenge ?? "" } };
}

const couponRequest = { amount: "1.00", currency: "EUR", expiresInDays: 30 };
/** €4 of the €10 test coupon, as a claim link. */
const partGift = { amount: "4", currency: "EUR", recipientPartyId: null, validitySeconds: 3600 };

const signedIn = {
  anonymous: "UNAUTHENTICATED",
  consumer: "ok",
  "other shop staff": "ok",
  admin: "ok",
} as const;
const everyone = { anonymous: "ok", consumer: "ok", "other shop staff": "ok", admin: "ok" } as const;

interface Row {
  entry: string;
  expected: Record<Caller, Outcome>;
  call: (who: Who) => Promise<Outcome>;
}

const rows: Row[] = [
  {
    entry: "action signOutAction",
    expected: signedIn,
    call: async ({ context }) => outcomeOf(await signOutAction.run(context, {})),
  },
  {
    entry: "action unlockOptionsAction",
    expected: signedIn,
    call: async ({ context }) => outcomeOf(await unlockOptionsAction.run(context, {})),
  },
  {
    entry: "action unlockWalletAction",
    expected: signedIn,
    call: async ({ context, user }) => {
      const options = (await unlockOptionsAction.run(context, {})) as ActionResult<{ challenge: string }>;
      return outcomeOf(await unlockWalletAction.run(context, { response: assertionFor(user, options) }));
    },
  },
  {
    entry: "action enrolAdminAction",
    expected: signedIn,
    call: async ({ context }) => {
      const { token } = await createAdminInvite(t.db);
      return outcomeOf(await enrolAdminAction.run(context, { token }));
    },
  },
  {
    entry: "action requestCouponOptionsAction (coupons.issue)",
    expected: signedIn,
    call: async ({ context }) => outcomeOf(await requestCouponOptionsAction.run(context, couponRequest)),
  },
  {
    entry: "action requestCouponAction (coupons.issue, step-up)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const options = await requestCouponOptionsAction.run(context, couponRequest);
      const couponId = options.ok ? options.data.couponId : "cpn_x";
      const stepUp = assertionFor(user, challengeOf(options));
      return outcomeOf(await requestCouponAction.run(context, { ...couponRequest, couponId, stepUp }));
    },
  },
  {
    entry: "action findRecipientAction",
    expected: signedIn,
    call: async ({ context }) => {
      const other = await createTestUser(t.db);
      return outcomeOf(await findRecipientAction.run(context, { handle: other.handle }));
    },
  },
  {
    entry: "action giveOptionsAction (part of own coupon)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const couponId = await ownCoupon(user);
      return outcomeOf(await giveOptionsAction.run(context, { ...partGift, couponId }));
    },
  },
  {
    entry: "action giveCouponAction (part of own coupon, step-up)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const couponId = await ownCoupon(user);
      const draft = await giveOptionsAction.run(context, { ...partGift, couponId });
      const stepUp = assertionFor(user, challengeOf(draft));
      const terms = draft.ok
        ? draft.data
        : { version: 1, whole: false, giveMinor: "1", currency: "EUR", expiresAt: new Date().toISOString() };
      return outcomeOf(
        await giveCouponAction.run(context, {
          couponId,
          version: terms.version,
          whole: terms.whole,
          giveMinor: terms.giveMinor,
          currency: terms.currency,
          recipientPartyId: null,
          expiresAt: terms.expiresAt,
          claimCodeHash: draft.ok ? draft.data.claimCodeHash : null,
          stepUp,
        }),
      );
    },
  },
  {
    entry: "action giveCouponAction (from several own coupons, step-up)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const couponId = await ownCoupon(user);
      if (user) await ownCoupon(user);
      const draft = await giveOptionsAction.run(context, { ...partGift, amount: "15", couponId });
      const stepUp = assertionFor(user, challengeOf(draft));
      const terms = draft.ok
        ? draft.data
        : {
            version: 1,
            whole: false,
            giveMinor: "1500",
            currency: "EUR",
            expiresAt: new Date().toISOString(),
          };
      return outcomeOf(
        await giveCouponAction.run(context, {
          couponId,
          version: terms.version,
          whole: terms.whole,
          giveMinor: terms.giveMinor,
          currency: terms.currency,
          recipientPartyId: null,
          expiresAt: terms.expiresAt,
          claimCodeHash: draft.ok ? draft.data.claimCodeHash : null,
          group: draft.ok ? draft.data.group : { couponIds: [couponId], versions: [1] },
          stepUp,
        }),
      );
    },
  },
  {
    entry: "action acceptGiftAction (gift of several coupons to the caller, step-up)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const { groupId } = await giftFor(user);
      const options = await acceptGiftOptionsAction.run(context, { groupId });
      const stepUp = assertionFor(user, challengeOf(options));
      return outcomeOf(await acceptGiftAction.run(context, { groupId, stepUp }));
    },
  },
  {
    entry: "action declineGiftAction (gift of several coupons to the caller)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const { groupId } = await giftFor(user);
      return outcomeOf(await declineGiftAction.run(context, { groupId }));
    },
  },
  {
    entry: "action cancelOfferAction (own offer)",
    expected: signedIn,
    call: async ({ context, user }) => {
      let transferId = "trf_anonymous";
      if (user) {
        const coupon = await issueTestCoupon(t.db, user);
        const other = await createTestUser(t.db);
        ({ transferId } = await offerTestCoupon(t.db, user, coupon, { partyId: other.partyId }));
      }
      return outcomeOf(await cancelOfferAction.run(context, { transferId }));
    },
  },
  {
    entry: "action acceptOptionsAction (offer to the caller)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const offer = await offerFor(user);
      return outcomeOf(await acceptOptionsAction.run(context, { transferId: offer.transferId }));
    },
  },
  {
    entry: "action acceptOfferAction (offer to the caller, step-up)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const offer = await offerFor(user);
      const options = await acceptOptionsAction.run(context, { transferId: offer.transferId });
      const stepUp = assertionFor(user, challengeOf(options));
      return outcomeOf(await acceptOfferAction.run(context, { transferId: offer.transferId, stepUp }));
    },
  },
  {
    entry: "action acceptOfferAction (claim code, step-up)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const offer = await offerFor(user, true);
      const claimCode = offer.claimCode ?? "";
      const options = await acceptOptionsAction.run(context, { claimCode });
      const stepUp = assertionFor(user, challengeOf(options));
      return outcomeOf(await acceptOfferAction.run(context, { claimCode, stepUp }));
    },
  },
  {
    entry: "action declineOfferAction (offer to the caller)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const offer = await offerFor(user);
      return outcomeOf(await declineOfferAction.run(context, { transferId: offer.transferId }));
    },
  },
  {
    entry: "action verifyOfferAction (offer to the caller)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const offer = await offerFor(user);
      return outcomeOf(await verifyOfferAction.run(context, { transferId: offer.transferId }));
    },
  },
  {
    entry: "action convertOptionsAction (received coupon)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const coupon = await receivedCoupon(user);
      return outcomeOf(await convertOptionsAction.run(context, { couponId: coupon.id }));
    },
  },
  {
    entry: "action convertCouponAction (received coupon, step-up)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const coupon = await receivedCoupon(user);
      const options = await convertOptionsAction.run(context, { couponId: coupon.id });
      const stepUp = assertionFor(user, challengeOf(options));
      return outcomeOf(
        await convertCouponAction.run(context, { couponId: coupon.id, version: coupon.version, stepUp }),
      );
    },
  },
  {
    entry: "action voidCouponAction (own unfunded coupon)",
    expected: signedIn,
    call: async ({ context, user }) =>
      outcomeOf(await voidCouponAction.run(context, { couponId: await ownCoupon(user) })),
  },
  {
    entry: "action revealOptionsAction (own coupon)",
    expected: signedIn,
    call: async ({ context, user }) =>
      outcomeOf(await revealOptionsAction.run(context, { couponId: await ownCoupon(user) })),
  },
  {
    entry: "action revealTokenAction (own coupon, unlocked wallet, step-up)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const couponId = await ownCoupon(user);
      const unlock = (await unlockOptionsAction.run(context, {})) as ActionResult<{ challenge: string }>;
      await unlockWalletAction.run(context, { response: assertionFor(user, unlock) });
      const options = await revealOptionsAction.run(context, { couponId });
      const stepUp = assertionFor(user, challengeOf(options));
      return outcomeOf(await revealTokenAction.run(context, { couponId, stepUp }));
    },
  },
  {
    entry: "route POST /api/wallet/coupon-status (coupons.hold, own coupon)",
    expected: signedIn,
    call: async ({ context, user }) => {
      const couponId = await ownCoupon(user);
      return routeOutcome(
        await couponStatusRoute.run(context, post("/api/wallet/coupon-status", { couponId })),
      );
    },
  },
  {
    entry: "route POST /api/wallet/lock (wallet.use)",
    expected: signedIn,
    call: async ({ context }) => routeOutcome(await walletLockRoute.run(context, post("/api/wallet/lock"))),
  },
  {
    entry: "route GET /api/wallet/terminal (coupons.hold, own wallet, unlocked)",
    expected: signedIn,
    call: async ({ context, user }) => {
      await ownCoupon(user);
      const unlock = (await unlockOptionsAction.run(context, {})) as ActionResult<{ challenge: string }>;
      await unlockWalletAction.run(context, { response: assertionFor(user, unlock) });
      return routeOutcome(
        await walletTerminalRoute.run(context, new Request("http://localhost:3000/api/wallet/terminal")),
      );
    },
  },
  {
    entry: "route POST /api/wallet/offer-evidence (coupons.hold, offers to oneself only)",
    expected: signedIn,
    call: async ({ context }) =>
      routeOutcome(
        await offerEvidenceRoute.run(context, post("/api/wallet/offer-evidence", { transferId: "trf_x" })),
      ),
  },
  {
    entry: "route GET /api/wallet/terminal (wallet locked: no tokens)",
    expected: {
      anonymous: "UNAUTHENTICATED",
      consumer: "WALLET_LOCKED",
      "other shop staff": "WALLET_LOCKED",
      admin: "WALLET_LOCKED",
    },
    call: async ({ context }) =>
      routeOutcome(
        await walletTerminalRoute.run(context, new Request("http://localhost:3000/api/wallet/terminal")),
      ),
  },
  {
    entry: "route GET /api/v1/shop (API key, shop.read): a session is not an API key",
    expected: {
      anonymous: "UNAUTHENTICATED",
      consumer: "UNAUTHENTICATED",
      "other shop staff": "UNAUTHENTICATED",
      admin: "UNAUTHENTICATED",
    },
    call: async ({ context }) =>
      routeOutcome(
        await apiShopRoute.run({ db: context.db }, new Request("http://localhost:3000/api/v1/shop")),
      ),
  },
  {
    entry: "route POST /api/auth/passkey/sign-in/options (public)",
    expected: everyone,
    call: async ({ context }) =>
      routeOutcome(await signInOptionsRoute.run(context, post("/api/auth/passkey/sign-in/options"))),
  },
  {
    entry: "route POST /api/auth/passkey/sign-up/options (public)",
    expected: everyone,
    call: async ({ context }) =>
      routeOutcome(
        await signUpOptionsRoute.run(
          context,
          post("/api/auth/passkey/sign-up/options", {
            handle: `m_${Math.floor(Math.random() * 1e9)}`,
            displayName: "Matrix",
          }),
        ),
      ),
  },
  {
    entry: "route POST /api/auth/passkey/sign-in/verify (public; a real assertion signs in)",
    expected: everyone,
    call: async ({ context }) => {
      const person = await createTestUser(t.db);
      const options = await (await signInOptionsRoute.run(context, post("/x"))).json();
      const response = person.authenticator.createAssertion(options.data.challenge);
      return routeOutcome(await signInVerifyRoute.run(context, post("/x", { response })));
    },
  },
  {
    entry: "route POST /api/auth/passkey/sign-up/verify (public; a real registration signs up)",
    expected: everyone,
    call: async ({ context }) => {
      const options = await (
        await signUpOptionsRoute.run(
          context,
          post("/x", { handle: `m_${Math.floor(Math.random() * 1e9)}`, displayName: "Matrix" }),
        )
      ).json();
      const response = new TestAuthenticator().createRegistrationResponse(options.data);
      return routeOutcome(await signUpVerifyRoute.run(context, post("/x", { response })));
    },
  },
];

describe("authorisation matrix: server actions and route handlers", () => {
  for (const row of rows) {
    for (const caller of callers) {
      it(`${row.entry} as ${caller}: ${row.expected[caller]}`, async () => {
        expect(await row.call(await callerOf(caller))).toBe(row.expected[caller]);
      });
    }
  }
});

describe("authorisation matrix: shop API keys", () => {
  async function keyFor(shopId: string, scopes: string[], revoked = false) {
    const key = `scrip_test_${newId("apiKey")}`;
    await t.db.insert(apiKeys).values({
      id: newId("apiKey"),
      shopId,
      name: "test",
      prefix: key.slice(0, 12),
      keyHash: hashApiKey(key),
      scopes,
      revokedAt: revoked ? new Date() : null,
    });
    return key;
  }
  const getShop = (key: string | null) =>
    apiShopRoute.run(
      { db: t.db },
      new Request("http://localhost:3000/api/v1/shop", {
        headers: key ? { Authorization: `Bearer ${key}` } : {},
      }),
    );

  const keyCases: [string, () => Promise<string | null>, number][] = [
    ["no key", async () => null, 401],
    ["an unknown key", async () => "scrip_test_not_a_real_key_000000", 401],
    ["a revoked key of shop A", async () => keyFor(shopA.shopId, ["shop.read"], true), 401],
    ["a key of shop A without shop.read", async () => keyFor(shopA.shopId, ["shop.orders.read"]), 403],
    ["a key of shop A with shop.read", async () => keyFor(shopA.shopId, ["shop.read"]), 200],
  ];
  it.each(keyCases)("GET /api/v1/shop with %s: %i", async (_name, makeKey, status) => {
    const response = await getShop(await makeKey());
    expect(response.status).toBe(status);
    const body = await response.json();
    if (status === 200) expect(body.data.id).toBe(shopA.shopId);
    else expect(Object.keys(body)).toEqual(["error"]);
  });

  it("a key of shop B only ever sees shop B", async () => {
    const response = await getShop(await keyFor(shopB.shopId, ["shop.read"]));
    expect((await response.json()).data.id).toBe(shopB.shopId);
  });
});

describe("authorisation matrix: the wrappers themselves", () => {
  // Synthetic entry points on shop A, so the shop and admin wrappers are pinned down before real ones exist.
  const readOrders = shopAction(
    "shop.orders.read",
    z.object({ shopId: z.string() }),
    async ({ shopId }) => shopId,
  );
  const refund = shopAction(
    "shop.orders.refund",
    z.object({ shopId: z.string() }),
    async ({ shopId }) => shopId,
  );
  const runCharging = adminAction("charging.run", z.object({}), async () => "ran");
  const shopCallers = [...callers, "shop A staff", "shop A owner"] as const;

  async function shopCaller(kind: (typeof shopCallers)[number]): Promise<Who> {
    if (kind === "shop A staff" || kind === "shop A owner") {
      const user = await createTestUser(t.db);
      await createTestShop(t.db); // unrelated shop, to make sure roles are not mixed up
      await t.db.insert(shopMembers).values({
        shopId: shopA.shopId,
        userId: user.userId,
        role: kind === "shop A owner" ? "owner" : "staff",
      });
      return {
        context: {
          db: t.db,
          sessionId: await createTestSession(t.db, user.userId),
          meta: { ip: testIp(), userAgent: null },
        },
        user,
      };
    }
    return callerOf(kind);
  }

  const expectations: Record<string, Record<(typeof shopCallers)[number], Outcome>> = {
    "shopAction shop.orders.read on shop A": {
      anonymous: "UNAUTHENTICATED",
      consumer: "FORBIDDEN",
      "other shop staff": "FORBIDDEN",
      admin: "FORBIDDEN",
      "shop A staff": "ok",
      "shop A owner": "ok",
    },
    "shopAction shop.orders.refund on shop A": {
      anonymous: "UNAUTHENTICATED",
      consumer: "FORBIDDEN",
      "other shop staff": "FORBIDDEN",
      admin: "FORBIDDEN",
      "shop A staff": "FORBIDDEN",
      "shop A owner": "ok",
    },
    "adminAction charging.run": {
      anonymous: "UNAUTHENTICATED",
      consumer: "FORBIDDEN",
      "other shop staff": "FORBIDDEN",
      admin: "ok",
      "shop A staff": "FORBIDDEN",
      "shop A owner": "FORBIDDEN",
    },
  };
  const calls: Record<string, (who: Who) => Promise<ActionResult<unknown>>> = {
    "shopAction shop.orders.read on shop A": ({ context }) =>
      readOrders.run(context, { shopId: shopA.shopId }),
    "shopAction shop.orders.refund on shop A": ({ context }) => refund.run(context, { shopId: shopA.shopId }),
    "adminAction charging.run": ({ context }) => runCharging.run(context, {}),
  };
  for (const [entry, expected] of Object.entries(expectations)) {
    for (const caller of shopCallers) {
      it(`${entry} as ${caller}: ${expected[caller]}`, async () => {
        const call = calls[entry];
        if (!call) throw new Error(`no call for ${entry}`);
        expect(outcomeOf(await call(await shopCaller(caller)))).toBe(expected[caller]);
      });
    }
  }

  it("answers rate limits with 429 and Retry-After, and never a stack trace", async () => {
    const ip = testIp();
    const attempt = () => signInOptionsRoute.run({ db: t.db, meta: { ip, userAgent: null } }, post("/x"));
    for (let i = 0; i < 60; i++) expect((await attempt()).status).toBe(200);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("RATE_LIMITED");
    const malformed = await signInVerifyRoute.run(
      { db: t.db, meta: { ip: testIp(), userAgent: null } },
      new Request("http://localhost:3000/x", { method: "POST", body: "{not json" }),
    );
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(await malformed.json())).not.toMatch(/at .*\.ts/);
  });
});
