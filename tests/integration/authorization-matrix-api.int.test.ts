/**
 * Authorisation matrix of issue 7's entry points (see authorization-matrix.int.test.ts for the pattern): the
 * Developers page's server actions and data, and every REST API v1 route, called directly as each kind of
 * caller. Sessions never open the API; API keys open only their own shop's resources and only with their scope.
 */

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createApiKeyAction,
  createApiKeyOptionsAction,
  createWebhookEndpointAction,
  createWebhookEndpointOptionsAction,
  retryWebhookMessageAction,
  revokeApiKeyAction,
  rotateWebhookSecretAction,
  updateWebhookEndpointAction,
} from "../../app/(merchant)/merchant/[slug]/developers/actions";
import { POST as conversionsRoute } from "../../app/api/v1/conversions/route";
import { GET as listCouponsRoute } from "../../app/api/v1/coupons/route";
import { POST as verifyRoute } from "../../app/api/v1/coupons/verify/route";
import { GET as openApiRoute } from "../../app/api/v1/openapi.json/route";
import { GET as getPaymentRequestRoute } from "../../app/api/v1/payment-requests/[id]/route";
import { POST as createPaymentRequestRoute } from "../../app/api/v1/payment-requests/route";
import { GET as shopRoute } from "../../app/api/v1/shop/route";
import { POST as acceptRoute } from "../../app/api/v1/transfers/[id]/accept/route";
import { POST as declineRoute } from "../../app/api/v1/transfers/[id]/decline/route";
import { POST as acceptBatchRoute } from "../../app/api/v1/transfers/accept/route";
import { GET as listTransfersRoute } from "../../app/api/v1/transfers/route";
import { parties, shopMembers, shops, transfers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { createApiKey } from "../../lib/api-keys/create-api-key";
import { getDeveloperSettings } from "../../lib/api-keys/get-developer-settings";
import { revokeApiKey } from "../../lib/api-keys/revoke-api-key";
import type { ActionResult } from "../../lib/auth/action-result";
import { systemActor } from "../../lib/auth/actor";
import type { RequestContext } from "../../lib/auth/request-context";
import { isAppError } from "../../lib/errors";
import { getActiveSession } from "../../lib/sessions/get-active-session";
import { createWebhookEndpoint } from "../../lib/webhooks/create-webhook-endpoint";
import { enqueueWebhookEvent } from "../../lib/webhooks/enqueue-webhook-event";
import { call } from "../support/api-client";
import { createTestSession, createTestShop, testIp } from "../support/auth-sessions";
import { issueTestCoupon, offerTestCoupon, setupCouponEnvironment } from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
let shopA: { shopId: string; partyId: string; slug: string };
const system = systemActor("matrix");
beforeAll(async () => {
  setupCouponEnvironment();
  process.env.SCRIP_WEBHOOK_ALLOW_ADDRESSES = "loopback";
  t = await createTestDatabase();
});
// Each test gets its own shop A, so per-shop limits (keys, endpoints) never couple tests.
beforeEach(async () => {
  const created = await createTestShop(t.db);
  const [row] = await t.db.select({ slug: shops.slug }).from(shops).where(eq(shops.id, created.shopId));
  shopA = { ...created, slug: row?.slug ?? "" };
});
afterAll(async () => {
  await t?.destroy();
});

const callers = [
  "anonymous",
  "consumer",
  "other shop owner",
  "admin",
  "shop A staff",
  "shop A owner",
] as const;
type Caller = (typeof callers)[number];
type Outcome = "ok" | string;
const outcomeOf = (result: ActionResult<unknown>): Outcome => (result.ok ? "ok" : result.error.code);

/** The person behind each caller's session, so step-up rows can sign with their passkey. */
const peopleBySession = new Map<string, TestUser>();

/** The caller's passkey over the challenge of `options` (a stranger's passkey when there is no caller or none). */
function assertionFor(context: RequestContext, options: ActionResult<unknown>) {
  const challenge = options.ok
    ? (options.data as { options: { challenge: string } }).options.challenge
    : "bm8tY2hhbGxlbmdl";
  const person = context.sessionId ? peopleBySession.get(context.sessionId) : undefined;
  return (person?.authenticator ?? new TestAuthenticator()).createAssertion(challenge);
}

async function callerOf(kind: Caller): Promise<RequestContext> {
  const meta = { ip: testIp(), userAgent: "matrix" };
  if (kind === "anonymous") return { db: t.db, sessionId: null, meta };
  const user = await createTestUser(t.db, { isAdmin: kind === "admin" });
  if (kind === "other shop owner") await createTestShop(t.db, [{ userId: user.userId, role: "owner" }]);
  if (kind === "shop A staff" || kind === "shop A owner") {
    await t.db.insert(shopMembers).values({
      shopId: shopA.shopId,
      userId: user.userId,
      role: kind === "shop A owner" ? "owner" : "staff",
    });
  }
  const sessionId = await createTestSession(t.db, user.userId);
  peopleBySession.set(sessionId, user);
  return { db: t.db, sessionId, meta };
}

const ownerOnly: Record<Caller, Outcome> = {
  anonymous: "UNAUTHENTICATED",
  consumer: "FORBIDDEN",
  "other shop owner": "FORBIDDEN",
  admin: "FORBIDDEN",
  "shop A staff": "FORBIDDEN",
  "shop A owner": "ok",
};

async function endpointOfA() {
  return createWebhookEndpoint(t.db, system, {
    shopId: shopA.shopId,
    url: "http://127.0.0.1:9/hook",
    eventTypes: ["transfer.accepted"],
  });
}

/** A row for an entry point that serves only the key's own shop, answering `ok` to the right scope. */
const ownShopOnly = (ok: number) => ({
  none: 401,
  revoked: 401,
  "wrong scope": 403,
  "right scope, another shop": 404,
  "right scope": ok,
});

const rows: {
  entry: string;
  expected: Record<Caller, Outcome>;
  call: (context: RequestContext) => Promise<Outcome>;
}[] = [
  {
    entry: "actions createApiKeyOptionsAction + createApiKeyAction (shop.api_keys.write, passkey)",
    expected: ownerOnly,
    call: async (context) => {
      const input = { shopId: shopA.shopId, name: "m", scopes: ["read"] };
      const options = await createApiKeyOptionsAction.run(context, input);
      const result = await createApiKeyAction.run(context, {
        ...input,
        stepUp: assertionFor(context, options),
      });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
  {
    entry: "action createApiKeyAction with a passkey over another key (shop.api_keys.write)",
    expected: { ...ownerOnly, "shop A owner": "STEP_UP_INVALID" },
    call: async (context) => {
      const options = await createApiKeyOptionsAction.run(context, {
        shopId: shopA.shopId,
        name: "m",
        scopes: ["read"],
      });
      const stepUp = assertionFor(context, options);
      return outcomeOf(
        await createApiKeyAction.run(context, {
          shopId: shopA.shopId,
          name: "m",
          scopes: ["payments"],
          stepUp,
        }),
      );
    },
  },
  {
    entry: "action revokeApiKeyAction (shop.api_keys.write)",
    expected: ownerOnly,
    call: async (context) => {
      const { id } = await createApiKey(t.db, system, { shopId: shopA.shopId, name: "m", scopes: ["read"] });
      return outcomeOf(await revokeApiKeyAction.run(context, { shopId: shopA.shopId, apiKeyId: id }));
    },
  },
  {
    entry:
      "actions createWebhookEndpointOptionsAction + createWebhookEndpointAction (shop.webhooks.write, passkey)",
    expected: ownerOnly,
    call: async (context) => {
      const input = { shopId: shopA.shopId, url: "http://127.0.0.1:9/x", eventTypes: ["coupon.converted"] };
      const options = await createWebhookEndpointOptionsAction.run(context, input);
      const result = await createWebhookEndpointAction.run(context, {
        ...input,
        stepUp: assertionFor(context, options),
      });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
  {
    entry: "action createWebhookEndpointAction with a passkey over another address (shop.webhooks.write)",
    expected: { ...ownerOnly, "shop A owner": "STEP_UP_INVALID" },
    call: async (context) => {
      const input = { shopId: shopA.shopId, url: "http://127.0.0.1:9/x", eventTypes: ["coupon.converted"] };
      const options = await createWebhookEndpointOptionsAction.run(context, input);
      const stepUp = assertionFor(context, options);
      return outcomeOf(
        await createWebhookEndpointAction.run(context, {
          ...input,
          url: "http://127.0.0.1:9/elsewhere",
          stepUp,
        }),
      );
    },
  },
  {
    entry: "action rotateWebhookSecretAction (shop.webhooks.write)",
    expected: ownerOnly,
    call: async (context) => {
      const endpoint = await endpointOfA();
      return outcomeOf(
        await rotateWebhookSecretAction.run(context, { shopId: shopA.shopId, endpointId: endpoint.id }),
      );
    },
  },
  {
    entry: "action updateWebhookEndpointAction (shop.webhooks.write)",
    expected: ownerOnly,
    call: async (context) => {
      const endpoint = await endpointOfA();
      return outcomeOf(
        await updateWebhookEndpointAction.run(context, {
          shopId: shopA.shopId,
          endpointId: endpoint.id,
          change: "disable",
        }),
      );
    },
  },
  {
    entry: "action retryWebhookMessageAction (shop.webhooks.write)",
    expected: ownerOnly,
    call: async (context) => {
      await endpointOfA();
      const [messageId] = await t.db.transaction((tx) =>
        enqueueWebhookEvent(tx, {
          shopId: shopA.shopId,
          type: "transfer.accepted",
          data: { transferId: "trf_x", couponId: "cpn_x", amountMinor: "1", currency: "EUR" },
        }),
      );
      return outcomeOf(
        await retryWebhookMessageAction.run(context, { shopId: shopA.shopId, messageId: messageId ?? "" }),
      );
    },
  },
  {
    entry: "page /merchant/[slug]/developers (getDeveloperSettings; everyone but owners: not found)",
    expected: {
      anonymous: "UNAUTHENTICATED",
      consumer: "NOT_FOUND",
      "other shop owner": "NOT_FOUND",
      admin: "NOT_FOUND",
      "shop A staff": "FORBIDDEN",
      "shop A owner": "ok",
    },
    call: async (context) => {
      const session = await getActiveSession(t.db, context.sessionId);
      if (!session) return "UNAUTHENTICATED";
      try {
        await getDeveloperSettings(t.db, session.actor, { slug: shopA.slug });
        return "ok";
      } catch (error) {
        return isAppError(error) ? error.code : "THREW";
      }
    },
  },
];

const sessionsAreNotKeys: Record<Caller, Outcome> = Object.fromEntries(
  callers.map((caller) => [caller, "UNAUTHENTICATED"]),
) as Record<Caller, Outcome>;
const apiRoutes = [
  ["GET /api/v1/shop", shopRoute, "GET"],
  ["GET /api/v1/coupons", listCouponsRoute, "GET"],
  ["POST /api/v1/coupons/verify", verifyRoute, "POST"],
  ["POST /api/v1/payment-requests", createPaymentRequestRoute, "POST"],
  ["GET /api/v1/payment-requests/{id}", getPaymentRequestRoute, "GET"],
  ["GET /api/v1/transfers", listTransfersRoute, "GET"],
  ["POST /api/v1/transfers/{id}/accept", acceptRoute, "POST"],
  ["POST /api/v1/transfers/{id}/decline", declineRoute, "POST"],
  ["POST /api/v1/transfers/accept", acceptBatchRoute, "POST"],
  ["POST /api/v1/conversions", conversionsRoute, "POST"],
] as const;
for (const [entry, route, method] of apiRoutes) {
  rows.push({
    entry: `route ${entry}: a session (cookie) is not an API key`,
    expected: sessionsAreNotKeys,
    call: async (context) => {
      const response = await route.run(
        { db: context.db },
        new Request(`http://localhost:3000/api/v1/x`, {
          method,
          headers: { Cookie: `session=${context.sessionId ?? ""}` },
          body: method === "POST" ? "{}" : undefined,
        }),
        { id: "x" },
      );
      return response.ok ? "ok" : ((await response.json()) as { error: { code: string } }).error.code;
    },
  });
}

describe("authorisation matrix (issue 7): server actions, the Developers page, API routes with sessions", () => {
  for (const row of rows) {
    for (const caller of callers) {
      it(`${row.entry} as ${caller}: ${row.expected[caller]}`, async () => {
        expect(await row.call(await callerOf(caller))).toBe(row.expected[caller]);
      });
    }
  }

  it("route GET /api/v1/openapi.json is public", async () => {
    expect((await openApiRoute()).status).toBe(200);
  });
});

describe("authorisation matrix (issue 7): API keys on every API route", () => {
  const keyKinds = ["none", "revoked", "wrong scope", "right scope, another shop", "right scope"] as const;
  type KeyKind = (typeof keyKinds)[number];

  async function keyOf(kind: KeyKind, scopes: string[]): Promise<string | null> {
    if (kind === "none") return null;
    const shopId = kind === "right scope, another shop" ? (await createTestShop(t.db)).shopId : shopA.shopId;
    const all = ["read", "payments", "conversions"];
    const granted = kind === "wrong scope" ? all.filter((scope) => !scopes.includes(scope)) : scopes;
    const { key, id } = await createApiKey(t.db, system, { shopId, name: "m", scopes: granted });
    if (kind === "revoked") await revokeApiKey(t.db, system, { shopId, apiKeyId: id });
    return key;
  }

  /** Whether `key` is one of `shopId`'s keys (by the shop the API answers for it). */
  async function keyShopIs(key: string | null, shopId: string): Promise<boolean> {
    const response = await call(t.db, shopRoute, "GET", "/shop", { key });
    return (response.json.data as { id?: string } | undefined)?.id === shopId;
  }

  /** Real resources of shop A for each route. */
  async function offerToA() {
    const giver = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, giver);
    return offerTestCoupon(t.db, giver, coupon, { partyId: shopA.partyId });
  }
  const cases: {
    entry: string;
    scopes: string[];
    expected: Record<KeyKind, number>;
    run: (key: string | null) => Promise<number>;
  }[] = [
    {
      entry: "GET /payment-requests/{id} of shop A",
      scopes: ["read"],
      expected: {
        none: 401,
        revoked: 401,
        "wrong scope": 200,
        "right scope, another shop": 404,
        "right scope": 200,
      },
      run: async (key) => {
        const ownKey = await keyOf("right scope", ["payments"]);
        const created = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
          key: ownKey,
          body: { amountMinor: "100", currency: "EUR", orderReference: "m", returnUrl: "https://x.example/" },
        });
        const id = (created.json.data as { id: string }).id;
        return (await call(t.db, getPaymentRequestRoute, "GET", "/x", { key, params: { id } })).status;
      },
    },
    {
      entry: "POST /transfers/{id}/accept of an offer to shop A",
      scopes: ["payments"],
      expected: ownShopOnly(200),
      run: async (key) => {
        const { transferId } = await offerToA();
        return (await call(t.db, acceptRoute, "POST", "/x", { key, params: { id: transferId } })).status;
      },
    },
    {
      entry:
        "POST /transfers/accept (a batch) of offers to shop A (another shop's key: each refused, not found)",
      scopes: ["payments"],
      expected: ownShopOnly(200),
      run: async (key) => {
        const { transferId } = await offerToA();
        const response = await call(t.db, acceptBatchRoute, "POST", "/x", {
          key,
          body: { transfers: [transferId] },
        });
        const [result] = (response.json.data as { results?: { error?: { code: string } }[] } | undefined)
          ?.results ?? [{}];
        return result?.error?.code === "NOT_FOUND" ? 404 : response.status;
      },
    },
    {
      entry: "POST /transfers/{id}/decline of an offer to shop A",
      scopes: ["payments"],
      expected: ownShopOnly(200),
      run: async (key) => {
        const { transferId } = await offerToA();
        return (await call(t.db, declineRoute, "POST", "/x", { key, params: { id: transferId } })).status;
      },
    },
    {
      entry: "POST /conversions of a coupon shop A holds",
      scopes: ["conversions"],
      expected: ownShopOnly(201),
      run: async (key) => {
        const { transferId, couponId } = await offerToA();
        await call(t.db, acceptRoute, "POST", "/x", {
          key: await keyOf("right scope", ["payments"]),
          params: { id: transferId },
        });
        return (await call(t.db, conversionsRoute, "POST", "/x", { key, body: { couponId } })).status;
      },
    },
    {
      entry: "GET /coupons",
      scopes: ["read"],
      expected: {
        none: 401,
        revoked: 401,
        "wrong scope": 403,
        "right scope, another shop": 200,
        "right scope": 200,
      },
      run: async (key) => (await call(t.db, listCouponsRoute, "GET", "/coupons", { key })).status,
    },
    {
      entry: "GET /transfers?status=pending (offers to the key's own shop only)",
      scopes: ["read"],
      expected: {
        none: 401,
        revoked: 401,
        "wrong scope": 403,
        "right scope, another shop": 200,
        "right scope": 200,
      },
      run: async (key) => {
        const { transferId } = await offerToA();
        const listed = await call(t.db, listTransfersRoute, "GET", "/transfers", {
          key,
          query: { status: "pending" },
        });
        const ids = ((listed.json.data as { transfers?: { id: string }[] } | undefined)?.transfers ?? []).map(
          (offer) => offer.id,
        );
        // Another shop's key lists its own offers: never shop A's.
        if (listed.status === 200 && (await keyShopIs(key, shopA.shopId)) !== ids.includes(transferId))
          return 500;
        return listed.status;
      },
    },
    {
      entry: "POST /payment-requests",
      scopes: ["payments"],
      expected: {
        none: 401,
        revoked: 401,
        "wrong scope": 403,
        "right scope, another shop": 201,
        "right scope": 201,
      },
      run: async (key) =>
        (
          await call(t.db, createPaymentRequestRoute, "POST", "/x", {
            key,
            body: {
              amountMinor: "100",
              currency: "EUR",
              orderReference: "m",
              returnUrl: "https://x.example/",
            },
          })
        ).status,
    },
  ];
  it("POST /transfers/accept (a batch) with a suspended shop's key: 403, nothing accepted", async () => {
    const key = await keyOf("right scope", ["payments"]);
    const { transferId } = await offerToA();
    await t.db.update(parties).set({ status: "suspended" }).where(eq(parties.id, shopA.partyId));
    const response = await call(t.db, acceptBatchRoute, "POST", "/x", {
      key,
      body: { transfers: [transferId] },
    });
    expect(response.status).toBe(403);
    expect((response.json as { error: { code: string } }).error.code).toBe("ACCOUNT_SUSPENDED");
    const [offer] = await t.db
      .select({ status: transfers.status })
      .from(transfers)
      .where(eq(transfers.id, transferId));
    expect(offer?.status).toBe("pending");
  });
  for (const testCase of cases) {
    for (const kind of keyKinds) {
      it(`${testCase.entry} with ${kind}: ${testCase.expected[kind]}`, async () => {
        expect(await testCase.run(await keyOf(kind, testCase.scopes))).toBe(testCase.expected[kind]);
      });
    }
  }
});
