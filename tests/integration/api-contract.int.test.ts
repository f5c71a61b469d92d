/**
 * REST API v1 contract: every endpoint against a real database through its route handler, with responses
 * checked against the served OpenAPI document. Auth (missing, invalid, revoked, wrong scope), other shops' ids,
 * idempotency (replay, 422, 409), pagination, limits and malformed input.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as conversionsRoute } from "../../app/api/v1/conversions/route";
import { GET as listCouponsRoute } from "../../app/api/v1/coupons/route";
import { POST as verifyRoute } from "../../app/api/v1/coupons/verify/route";
import { GET as getPaymentRequestRoute } from "../../app/api/v1/payment-requests/[id]/route";
import { POST as createPaymentRequestRoute } from "../../app/api/v1/payment-requests/route";
import { GET as shopRoute } from "../../app/api/v1/shop/route";
import { POST as acceptRoute } from "../../app/api/v1/transfers/[id]/accept/route";
import { POST as declineRoute } from "../../app/api/v1/transfers/[id]/decline/route";
import { coupons, idempotencyKeys, paymentRequests, webhookMessages } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { apiOperations } from "../../lib/api/api-operations";
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  idempotencyLeaseSeconds,
  purgeIdempotencyKeys,
  requestFingerprint,
} from "../../lib/api/idempotency-records";
import { revokeApiKey } from "../../lib/api-keys/revoke-api-key";
import { systemActor } from "../../lib/auth/actor";
import { expirePaymentRequests } from "../../lib/payment-requests/expire-payment-requests";
import { createWebhookEndpoint } from "../../lib/webhooks/create-webhook-endpoint";
import { webhookEventTypes } from "../../lib/webhooks/webhook-event-types";
import {
  call,
  documentedResponse,
  expectDocumented,
  keyFor,
  openApi,
  shopWithKey,
  tokenOf,
} from "../support/api-client";
import { issueTestCoupon, offerTestCoupon, setupCouponEnvironment } from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";

let t: TestDatabase;
beforeAll(async () => {
  setupCouponEnvironment();
  process.env.SCRIP_WEBHOOK_ALLOW_ADDRESSES = "loopback";
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const paymentBody = {
  amountMinor: "1250",
  currency: "EUR",
  orderReference: "order-42",
  returnUrl: "https://shop.example/thanks",
  expiresInSeconds: 900,
};

/** A coupon offered by a fresh person directly to the shop's party. */
async function offerToShop(shop: { partyId: string }, amountMinor = 1000n) {
  const giver = await createTestUser(t.db);
  const coupon = await issueTestCoupon(t.db, giver, { amountMinor });
  const offer = await offerTestCoupon(t.db, giver, coupon, { partyId: shop.partyId });
  return { giver, coupon, transferId: offer.transferId };
}

describe("authentication and scopes (every endpoint)", () => {
  const endpoints = [
    {
      name: "verifyCoupon",
      route: verifyRoute,
      method: "POST",
      path: "/coupons/verify",
      body: { token: "x" },
    },
    { name: "listCoupons", route: listCouponsRoute, method: "GET", path: "/coupons" },
    {
      name: "createPaymentRequest",
      route: createPaymentRequestRoute,
      method: "POST",
      path: "/payment-requests",
      body: paymentBody,
    },
    {
      name: "getPaymentRequest",
      route: getPaymentRequestRoute,
      method: "GET",
      path: "/payment-requests/{id}",
      params: { id: "pay_x" },
    },
    {
      name: "acceptTransfer",
      route: acceptRoute,
      method: "POST",
      path: "/transfers/{id}/accept",
      params: { id: "trf_x" },
    },
    {
      name: "declineTransfer",
      route: declineRoute,
      method: "POST",
      path: "/transfers/{id}/decline",
      params: { id: "trf_x" },
    },
    {
      name: "createConversion",
      route: conversionsRoute,
      method: "POST",
      path: "/conversions",
      body: { couponId: "cpn_x" },
    },
    { name: "getShop", route: shopRoute, method: "GET", path: "/shop" },
  ] as const;

  for (const endpoint of endpoints) {
    const run = (key: string | null) =>
      call(t.db, endpoint.route, endpoint.method, endpoint.path, {
        key,
        body: "body" in endpoint ? endpoint.body : undefined,
        params: "params" in endpoint ? endpoint.params : undefined,
      });
    it(`${endpoint.name}: no key, an unknown key and a revoked key answer 401`, async () => {
      const shop = await shopWithKey(t.db);
      for (const key of [null, "scrip_sk_not-a-real-key-at-all-000000"]) {
        const response = await run(key);
        expect(response.status).toBe(401);
        expect(response.json).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
        await expectDocumented(endpoint.path, endpoint.method, response);
      }
      await revokeApiKey(t.db, systemActor("test"), { shopId: shop.shopId, apiKeyId: shop.keyId });
      expect((await run(shop.key)).status).toBe(401);
    });

    const scopes = (apiOperations[endpoint.name] as { scopes: readonly string[] | "any" }).scopes;
    if (scopes !== "any") {
      it(`${endpoint.name}: a key without ${scopes.join("/")} answers 403`, async () => {
        const others = ["read", "payments", "conversions"].filter((scope) => !scopes.includes(scope));
        if (others.length === 0) return;
        const shop = await shopWithKey(t.db, others);
        const response = await run(shop.key);
        expect(response.status).toBe(403);
        expect((response.json.error as { code: string }).code).toBe("FORBIDDEN");
        await expectDocumented(endpoint.path, endpoint.method, response);
      });
    }
  }

  it("GET /shop reports the key's shop, and only that shop", async () => {
    const shop = await shopWithKey(t.db, ["read"]);
    const response = await call(t.db, shopRoute, "GET", "/shop", { key: shop.key });
    expect(response.status).toBe(200);
    expect((response.json.data as { id: string }).id).toBe(shop.shopId);
    await expectDocumented("/shop", "GET", response);
  });
});

describe("POST /coupons/verify", () => {
  it("answers value, expiry and live status, but never the owner's identity", async () => {
    const shop = await shopWithKey(t.db, ["read"]);
    const { coupon, giver } = await offerToShop(shop);
    const response = await call(t.db, verifyRoute, "POST", "/coupons/verify", {
      key: shop.key,
      body: { token: await tokenOf(t.db, coupon.id) },
    });
    expect(response.status).toBe(200);
    await expectDocumented("/coupons/verify", "POST", response);
    const data = response.json.data as { valid: boolean; coupon: Record<string, unknown> };
    expect(data.coupon).toMatchObject({
      id: coupon.id,
      amountMinor: "1000",
      currency: "EUR",
      status: "offered",
      ownedByYou: false,
      pendingTransferToYou: { id: expect.any(String) },
    });
    expect(JSON.stringify(response.json)).not.toContain(giver.partyId);
    expect(JSON.stringify(response.json)).not.toContain(giver.handle);
  });

  it("an offer to someone else is not disclosed, and a forged token gets no live answer", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const other = await shopWithKey(t.db);
    const { coupon } = await offerToShop(other);
    const token = await tokenOf(t.db, coupon.id);
    const response = await call(t.db, verifyRoute, "POST", "/coupons/verify", {
      key: shop.key,
      body: { token },
    });
    expect(
      (response.json.data as { coupon: { pendingTransferToYou: unknown } }).coupon.pendingTransferToYou,
    ).toBeNull();
    const forged = await call(t.db, verifyRoute, "POST", "/coupons/verify", {
      key: shop.key,
      body: { token: `${token.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(200);
    expect(forged.json.data).toMatchObject({ valid: false, coupon: null });
    await expectDocumented("/coupons/verify", "POST", forged);
  });

  it("refuses malformed JSON, unknown fields, oversized bodies and tokens with clear 4xx errors", async () => {
    const shop = await shopWithKey(t.db, ["read"]);
    const cases: [Parameters<typeof call>[4], number][] = [
      [{ rawBody: "{not json" }, 400],
      [{ body: { token: "x", extra: 1 } }, 400],
      [{ body: { token: 42 } }, 400],
      [{ body: { token: "x".repeat(2000) } }, 400],
      [{ rawBody: JSON.stringify({ token: "x".repeat(20_000) }) }, 413],
    ];
    for (const [options, status] of cases) {
      const response = await call(t.db, verifyRoute, "POST", "/coupons/verify", {
        key: shop.key,
        ...options,
      });
      expect(response.status).toBe(status);
      expect(Object.keys(response.json)).toEqual(["error"]);
      expect(JSON.stringify(response.json)).not.toMatch(/at .*\.ts|node_modules/);
      await expectDocumented("/coupons/verify", "POST", response);
    }
  });
});

describe("payment requests", () => {
  it("creates a request with its hosted payment URL, and reads it back", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const created = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: paymentBody,
    });
    expect(created.status).toBe(201);
    await expectDocumented("/payment-requests", "POST", created);
    const data = created.json.data as { id: string; paymentUrl: string; status: string; amountMinor: string };
    expect(data.paymentUrl).toBe(`http://localhost:3000/pay/${data.id}`);
    expect(data).toMatchObject({ status: "open", amountMinor: "1250", orderReference: "order-42" });
    const read = await call(t.db, getPaymentRequestRoute, "GET", `/payment-requests/${data.id}`, {
      key: shop.key,
      params: { id: data.id },
    });
    expect(read.status).toBe(200);
    expect(read.json.data).toEqual(created.json.data);
    await expectDocumented("/payment-requests/{id}", "GET", read);
  });

  it("an open request past its expiry reads as expired, and the sweep marks it so", async () => {
    const shop = await shopWithKey(t.db, ["payments", "read"]);
    const created = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: { ...paymentBody, expiresInSeconds: 60 },
    });
    const id = (created.json.data as { id: string }).id;
    await t.db
      .update(paymentRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(paymentRequests.id, id));
    const read = await call(t.db, getPaymentRequestRoute, "GET", "/x", { key: shop.key, params: { id } });
    expect((read.json.data as { status: string }).status).toBe("expired");
    expect(await expirePaymentRequests(t.db)).toBeGreaterThanOrEqual(1);
    const [row] = await t.db.select().from(paymentRequests).where(eq(paymentRequests.id, id));
    expect(row?.status).toBe("expired");
  });

  it("another shop's payment request is not found", async () => {
    const shop = await shopWithKey(t.db);
    const other = await shopWithKey(t.db);
    const created = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: other.key,
      body: paymentBody,
    });
    const id = (created.json.data as { id: string }).id;
    const read = await call(t.db, getPaymentRequestRoute, "GET", `/payment-requests/${id}`, {
      key: shop.key,
      params: { id },
    });
    expect(read.status).toBe(404);
    await expectDocumented("/payment-requests/{id}", "GET", read);
  });

  it("refuses bad amounts, another currency, a bad return URL and out-of-range expiry", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const bad: [Record<string, unknown>, string][] = [
      [{ amountMinor: 1250 }, "VALIDATION_FAILED"],
      [{ amountMinor: "12.50" }, "VALIDATION_FAILED"],
      [{ amountMinor: "0" }, "VALIDATION_FAILED"],
      [{ amountMinor: "-5" }, "VALIDATION_FAILED"],
      [{ amountMinor: "1".repeat(19) }, "VALIDATION_FAILED"],
      [{ currency: "USD" }, "CURRENCY_MISMATCH"],
      [{ currency: "usd" }, "VALIDATION_FAILED"],
      [{ returnUrl: "javascript:alert(1)" }, "VALIDATION_FAILED"],
      [{ returnUrl: "http://shop.example/x" }, "VALIDATION_FAILED"],
      [{ expiresInSeconds: 5 }, "VALIDATION_FAILED"],
      [{ orderReference: "" }, "VALIDATION_FAILED"],
    ];
    for (const [change, code] of bad) {
      const response = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
        key: shop.key,
        body: { ...paymentBody, ...change },
      });
      expect(response.status, JSON.stringify(change)).toBe(400);
      expect((response.json.error as { code: string }).code).toBe(code);
      await expectDocumented("/payment-requests", "POST", response);
    }
  });
});

describe("Idempotency-Key", () => {
  it("the same key and body replay the first response; another body is 422", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const first = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: paymentBody,
      idempotencyKey: "order-42-attempt",
    });
    // The same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(paymentBody).reverse());
    const replay = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: reordered,
      idempotencyKey: "order-42-attempt",
    });
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(first.json);
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    const mismatch = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: { ...paymentBody, amountMinor: "9999" },
      idempotencyKey: "order-42-attempt",
    });
    expect(mismatch.status).toBe(422);
    expect((mismatch.json.error as { code: string }).code).toBe("IDEMPOTENCY_MISMATCH");
    await expectDocumented("/payment-requests", "POST", mismatch);
  });

  it("keys are scoped per shop", async () => {
    const a = await shopWithKey(t.db, ["payments"]);
    const b = await shopWithKey(t.db, ["payments"]);
    const results = [];
    for (const shop of [a, b]) {
      results.push(
        await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
          key: shop.key,
          body: paymentBody,
          idempotencyKey: "shared-key",
        }),
      );
    }
    expect(results.map((result) => result.status)).toEqual([201, 201]);
    const [first, second] = results.map((result) => (result.json.data as { id: string }).id);
    expect(first).not.toBe(second);
  });

  it("a duplicate while the first is still in progress is 409, and a failed request may be retried", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    // The first request has claimed the key and not finished (claimed exactly as the route does).
    await beginIdempotentRequest(t.db, {
      shopId: shop.shopId,
      key: "in-flight",
      fingerprint: requestFingerprint("POST", "/api/v1/payment-requests", paymentBody),
    });
    const duplicate = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: paymentBody,
      idempotencyKey: "in-flight",
    });
    expect(duplicate.status).toBe(409);
    expect((duplicate.json.error as { code: string }).code).toBe("CONCURRENT_REQUEST");
    await expectDocumented("/payment-requests", "POST", duplicate);

    const failed = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: { ...paymentBody, currency: "USD" },
      idempotencyKey: "retry-me",
    });
    expect(failed.status).toBe(400);
    const rows = await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "retry-me"));
    expect(rows).toHaveLength(0);
  });

  it("two concurrent requests with one key create one payment request", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
          key: shop.key,
          body: paymentBody,
          idempotencyKey: "race",
        }),
      ),
    );
    const ids = new Set(
      results
        .filter((result) => result.status === 201)
        .map((result) => (result.json.data as { id: string }).id),
    );
    expect(ids.size).toBe(1);
    for (const result of results) expect([201, 409]).toContain(result.status);
  });

  it("keys are kept at least 24 hours, expire after, and a crashed request's claim can be taken over", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const fingerprint = requestFingerprint("POST", "/api/v1/payment-requests", paymentBody);
    const scope = { shopId: shop.shopId, fingerprint };
    const start = new Date();
    const hours = (count: number) => new Date(start.getTime() + count * 3600_000);
    const kept = await beginIdempotentRequest(t.db, { ...scope, key: "kept", now: start });
    expect(kept.kind).toBe("new");
    await completeIdempotentRequest(t.db, {
      shopId: shop.shopId,
      key: "kept",
      leaseToken: kept.kind === "new" ? kept.leaseToken : "",
      status: 201,
      body: { data: 1 },
    });
    expect(await beginIdempotentRequest(t.db, { ...scope, key: "kept", now: hours(24) })).toEqual({
      kind: "replay",
      status: 201,
      body: { data: 1 },
    });
    expect(await purgeIdempotencyKeys(t.db, { now: hours(24) })).toBe(0);
    expect((await beginIdempotentRequest(t.db, { ...scope, key: "kept", now: hours(26) })).kind).toBe("new");

    // A claim whose request died: refused while it might still be running, taken over once stale.
    await beginIdempotentRequest(t.db, { ...scope, key: "crashed", now: start });
    await expect(
      beginIdempotentRequest(t.db, { ...scope, key: "crashed", now: start }),
    ).rejects.toMatchObject({
      code: "CONCURRENT_REQUEST",
    });
    const later = new Date(start.getTime() + (idempotencyLeaseSeconds + 1) * 1000);
    expect((await beginIdempotentRequest(t.db, { ...scope, key: "crashed", now: later })).kind).toBe("new");
  });

  it("refuses a malformed Idempotency-Key", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const response = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: paymentBody,
      idempotencyKey: "x".repeat(300),
    });
    expect(response.status).toBe(400);
  });
});

describe("transfers offered to the shop", () => {
  it("accept makes the shop the owner and writes transfer.accepted to the outbox in the same transaction", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const endpoint = await createWebhookEndpoint(t.db, systemActor("test"), {
      shopId: shop.shopId,
      url: "http://127.0.0.1:9/hook",
      eventTypes: ["transfer.accepted"],
    });
    const { coupon, transferId } = await offerToShop(shop);
    const response = await call(t.db, acceptRoute, "POST", `/transfers/${transferId}/accept`, {
      key: shop.key,
      params: { id: transferId },
      idempotencyKey: `accept-${transferId}`,
    });
    expect(response.status).toBe(200);
    await expectDocumented("/transfers/{id}/accept", "POST", response);
    expect(response.json.data).toMatchObject({
      transferId,
      status: "accepted",
      coupon: { id: coupon.id, version: 2 },
    });
    const [row] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(row?.ownerPartyId).toBe(shop.partyId);
    const messages = await t.db
      .select()
      .from(webhookMessages)
      .where(eq(webhookMessages.endpointId, endpoint.id));
    expect(messages.map((message) => message.eventType)).toEqual(["transfer.accepted"]);
    // Replaying the accept does not accept twice or enqueue twice.
    const replay = await call(t.db, acceptRoute, "POST", `/transfers/${transferId}/accept`, {
      key: shop.key,
      params: { id: transferId },
      idempotencyKey: `accept-${transferId}`,
    });
    expect(replay.json).toEqual(response.json);
    expect(
      await t.db.select().from(webhookMessages).where(eq(webhookMessages.endpointId, endpoint.id)),
    ).toHaveLength(1);
    // Without the key, a second accept is a conflict.
    const again = await call(t.db, acceptRoute, "POST", `/transfers/${transferId}/accept`, {
      key: shop.key,
      params: { id: transferId },
    });
    expect(again.status).toBe(409);
    await expectDocumented("/transfers/{id}/accept", "POST", again);
  });

  it("decline leaves the coupon with its owner", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const { coupon, giver, transferId } = await offerToShop(shop);
    const response = await call(t.db, declineRoute, "POST", `/transfers/${transferId}/decline`, {
      key: shop.key,
      params: { id: transferId },
    });
    expect(response.status).toBe(200);
    await expectDocumented("/transfers/{id}/decline", "POST", response);
    const [row] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(row).toMatchObject({ ownerPartyId: giver.partyId, status: "active", version: 1 });
  });

  it("a transfer offered to another shop is not found, for accept and decline", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const other = await shopWithKey(t.db);
    const { transferId } = await offerToShop(other);
    for (const route of [acceptRoute, declineRoute]) {
      const response = await call(t.db, route, "POST", `/transfers/${transferId}/x`, {
        key: shop.key,
        params: { id: transferId },
      });
      expect(response.status).toBe(404);
    }
  });
});

describe("GET /coupons and POST /conversions", () => {
  it("pages through the shop's coupons by cursor, within the page-size limit", async () => {
    const shop = await shopWithKey(t.db);
    for (let index = 0; index < 5; index++) {
      const { transferId } = await offerToShop(shop, BigInt(100 + index));
      await call(t.db, acceptRoute, "POST", "/x", { key: shop.key, params: { id: transferId } });
    }
    await offerToShop(await shopWithKey(t.db)); // someone else's coupons never show
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 4; page++) {
      const response = await call(t.db, listCouponsRoute, "GET", "/coupons", {
        key: shop.key,
        query: { limit: "2", ...(cursor ? { cursor } : {}) },
      });
      expect(response.status).toBe(200);
      await expectDocumented("/coupons", "GET", response);
      const data = response.json.data as { coupons: { id: string }[]; nextCursor: string | null };
      expect(data.coupons.length).toBeLessThanOrEqual(2);
      seen.push(...data.coupons.map((coupon) => coupon.id));
      if (!data.nextCursor) break;
      cursor = data.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const badQueries: Record<string, string>[] = [
      { limit: "101" },
      { limit: "0" },
      { limit: "abc" },
      { cursor: "garbage!" },
      { status: "nope" },
      { unknown: "1" },
    ];
    for (const query of badQueries) {
      const response = await call(t.db, listCouponsRoute, "GET", "/coupons", { key: shop.key, query });
      expect(response.status, JSON.stringify(query)).toBe(400);
      await expectDocumented("/coupons", "GET", response);
    }
  });

  it("converts a held coupon once, writes coupon.converted, and refuses another shop's coupon", async () => {
    const shop = await shopWithKey(t.db);
    const endpoint = await createWebhookEndpoint(t.db, systemActor("test"), {
      shopId: shop.shopId,
      url: "http://127.0.0.1:9/hook",
      eventTypes: ["coupon.converted"],
    });
    const { coupon, transferId } = await offerToShop(shop, 700n);
    await call(t.db, acceptRoute, "POST", "/x", { key: shop.key, params: { id: transferId } });
    const converted = await call(t.db, conversionsRoute, "POST", "/conversions", {
      key: shop.key,
      body: { couponId: coupon.id },
    });
    expect(converted.status).toBe(201);
    await expectDocumented("/conversions", "POST", converted);
    expect(converted.json.data).toMatchObject({ couponId: coupon.id, amountMinor: "700", currency: "EUR" });
    const messages = await t.db
      .select()
      .from(webhookMessages)
      .where(eq(webhookMessages.endpointId, endpoint.id));
    expect(messages.map((message) => message.eventType)).toEqual(["coupon.converted"]);
    const twice = await call(t.db, conversionsRoute, "POST", "/conversions", {
      key: shop.key,
      body: { couponId: coupon.id },
    });
    expect(twice.status).toBe(409);
    await expectDocumented("/conversions", "POST", twice);

    const other = await shopWithKey(t.db);
    const foreign = await call(t.db, conversionsRoute, "POST", "/conversions", {
      key: other.key,
      body: { couponId: coupon.id },
    });
    expect(foreign.status).toBe(404);
  });
});

describe("rate limits", () => {
  it("a key over its per-minute budget gets 429 with Retry-After; other keys are unaffected", async () => {
    const previous = process.env.SCRIP_API_REQUESTS_PER_MINUTE;
    process.env.SCRIP_API_REQUESTS_PER_MINUTE = "5";
    try {
      const shop = await shopWithKey(t.db, ["read"]);
      const statuses = [];
      for (let index = 0; index < 6; index++) {
        statuses.push((await call(t.db, shopRoute, "GET", "/shop", { key: shop.key })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const limited = await call(t.db, shopRoute, "GET", "/shop", { key: shop.key });
      expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
      await expectDocumented("/shop", "GET", limited);
      const otherKey = await keyFor(t.db, shop.shopId, ["read"]);
      expect((await call(t.db, shopRoute, "GET", "/shop", { key: otherKey })).status).toBe(200);
    } finally {
      if (previous === undefined) delete process.env.SCRIP_API_REQUESTS_PER_MINUTE;
      else process.env.SCRIP_API_REQUESTS_PER_MINUTE = previous;
    }
  });
});

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1, documents every operation, and every $ref resolves", async () => {
    const document = await openApi();
    expect(document.openapi).toBe("3.1.0");
    for (const operation of Object.values(apiOperations)) {
      expect(
        document.paths[operation.path]?.[operation.method.toLowerCase()],
        operation.operationId,
      ).toBeDefined();
    }
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map(
      (match) => match[1] as string,
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith("#/components/schemas/")).toBe(true);
      expect(document.components.schemas[ref.slice("#/components/schemas/".length)], ref).toBeDefined();
    }
    expect(JSON.stringify(document)).not.toContain("$defs");
    const webhooks = (document as unknown as { webhooks: Record<string, unknown> }).webhooks;
    expect(Object.keys(webhooks).sort()).toEqual(Object.keys(webhookEventTypes).sort());
  });

  it("its schemas reject what the API must never send (so the response checks above have teeth)", async () => {
    const created = await documentedResponse("/payment-requests", "POST", 201);
    const good = {
      data: {
        id: "pay_0123456789abcdefABCDEF",
        status: "open",
        amountMinor: "1250",
        currency: "EUR",
        orderReference: "o",
        returnUrl: "https://x.example",
        paymentUrl: "http://localhost:3000/pay/pay_0123456789abcdefABCDEF",
        expiresAt: "2030-01-01T00:00:00.000Z",
        paidAt: null,
        createdAt: "2030-01-01T00:00:00.000Z",
      },
    };
    expect(created.safeParse(good).success).toBe(true);
    expect(created.safeParse({ data: { ...good.data, amountMinor: 1250 } }).success).toBe(false);
    expect(created.safeParse({ data: { ...good.data, status: "weird" } }).success).toBe(false);
    expect(created.safeParse({ data: { ...good.data, ownerPartyId: "pty_x" } }).success).toBe(false);
    expect(
      (await documentedResponse("/payment-requests", "POST", 422)).safeParse({ error: {} }).success,
    ).toBe(false);
  });
});
