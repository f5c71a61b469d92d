/**
 * Issue 13, hole 11: `Idempotency-Key` is required on every POST that moves money or creates something, and an
 * in-progress key is a lease that only its holder may finish. Hostile cases: a POST without the key changes
 * nothing; duplicates while the lease is held are refused; a retry that takes over an expired lease runs once,
 * and the crashed original can no longer write its result (its whole transaction rolls back).
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as conversionsRoute } from "../../app/api/v1/conversions/route";
import { POST as verifyRoute } from "../../app/api/v1/coupons/verify/route";
import { POST as createPaymentRequestRoute } from "../../app/api/v1/payment-requests/route";
import { POST as acceptRoute } from "../../app/api/v1/transfers/[id]/accept/route";
import { POST as declineRoute } from "../../app/api/v1/transfers/[id]/decline/route";
import { inTransaction } from "../../db/in-transaction";
import { coupons, idempotencyKeys, paymentRequests, transfers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  idempotencyLeaseSeconds,
  releaseIdempotentRequest,
  requestFingerprint,
} from "../../lib/api/idempotency-records";
import { call, expectDocumented, shopWithKey, tokenOf } from "../support/api-client";
import { issueTestCoupon, offerTestCoupon, setupCouponEnvironment } from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";

let t: TestDatabase;
beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const paymentBody = {
  amountMinor: "1250",
  currency: "EUR",
  orderReference: "order-7",
  returnUrl: "https://shop.example/thanks",
  expiresInSeconds: 900,
};
const paymentPath = "/api/v1/payment-requests";

async function offerToShop(shop: { partyId: string }, amountMinor = 1000n) {
  const giver = await createTestUser(t.db);
  const coupon = await issueTestCoupon(t.db, giver, { amountMinor });
  const offer = await offerTestCoupon(t.db, giver, coupon, { partyId: shop.partyId });
  return { coupon, transferId: offer.transferId };
}

async function paymentRequestsOf(shopId: string) {
  return t.db.select().from(paymentRequests).where(eq(paymentRequests.shopId, shopId));
}

function expectMissingKey(response: { status: number; json: Record<string, unknown> }) {
  expect(response.status).toBe(400);
  const error = response.json.error as { code: string; message: string };
  expect(error.code).toBe("IDEMPOTENCY_KEY_REQUIRED");
  expect(error.message).toMatch(/Idempotency-Key/);
}

describe("Idempotency-Key is required where a POST moves money or creates something", () => {
  it("POST /payment-requests without the header is 400 naming it, and creates nothing", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const response = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: paymentBody,
      idempotencyKey: null,
    });
    expectMissingKey(response);
    await expectDocumented("/payment-requests", "POST", response);
    expect(await paymentRequestsOf(shop.shopId)).toHaveLength(0);
  });

  it("accept and decline without the header are 400, and the transfer stays pending", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    for (const [route, path] of [
      [acceptRoute, "accept"],
      [declineRoute, "decline"],
    ] as const) {
      const { coupon, transferId } = await offerToShop(shop);
      const response = await call(t.db, route, "POST", `/transfers/${transferId}/${path}`, {
        key: shop.key,
        params: { id: transferId },
        idempotencyKey: null,
      });
      expectMissingKey(response);
      await expectDocumented(`/transfers/{id}/${path}`, "POST", response);
      const [transfer] = await t.db.select().from(transfers).where(eq(transfers.id, transferId));
      expect(transfer?.status).toBe("pending");
      const [row] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
      expect(row?.ownerPartyId).not.toBe(shop.partyId);
    }
  });

  it("POST /conversions without the header is 400, and the coupon is not converted", async () => {
    const shop = await shopWithKey(t.db);
    const { coupon, transferId } = await offerToShop(shop, 700n);
    const accepted = await call(t.db, acceptRoute, "POST", "/x", {
      key: shop.key,
      params: { id: transferId },
    });
    expect(accepted.status).toBe(200);
    const response = await call(t.db, conversionsRoute, "POST", "/conversions", {
      key: shop.key,
      body: { couponId: coupon.id },
      idempotencyKey: null,
    });
    expectMissingKey(response);
    await expectDocumented("/conversions", "POST", response);
    const [row] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(row?.status).toBe("active");
  });

  it("a read-only POST (verify) still works without the header", async () => {
    const shop = await shopWithKey(t.db, ["read"]);
    const giver = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 500n });
    const response = await call(t.db, verifyRoute, "POST", "/coupons/verify", {
      key: shop.key,
      body: { token: await tokenOf(t.db, coupon.id) },
      idempotencyKey: null,
    });
    expect(response.status).toBe(200);
  });

  it("the OpenAPI document marks the header required on exactly those operations", async () => {
    const { openApi } = await import("../support/api-client");
    const document = (await openApi()) as unknown as {
      paths: Record<string, Record<string, { parameters?: { name: string; required: boolean }[] }>>;
    };
    const required = (path: string) =>
      document.paths[path]?.post?.parameters?.find((p) => p.name === "Idempotency-Key")?.required;
    expect(required("/payment-requests")).toBe(true);
    expect(required("/transfers/{id}/accept")).toBe(true);
    expect(required("/transfers/{id}/decline")).toBe(true);
    expect(required("/conversions")).toBe(true);
    expect(required("/coupons/verify")).toBe(false);
  });
});

describe("an in-progress key is a lease only its holder may finish", () => {
  it("while the lease is held, concurrent duplicates are all 409 and create nothing; then the holder's answer replays", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const fingerprint = requestFingerprint("POST", paymentPath, paymentBody);
    const holder = await beginIdempotentRequest(t.db, { shopId: shop.shopId, key: "held", fingerprint });
    if (holder.kind !== "new") throw new Error("expected a new lease");
    const duplicates = await Promise.all(
      [1, 2, 3, 4].map(() =>
        call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
          key: shop.key,
          body: paymentBody,
          idempotencyKey: "held",
        }),
      ),
    );
    expect(duplicates.map((response) => response.status)).toEqual([409, 409, 409, 409]);
    expect(await paymentRequestsOf(shop.shopId)).toHaveLength(0);
    await completeIdempotentRequest(t.db, {
      shopId: shop.shopId,
      key: "held",
      leaseToken: holder.leaseToken,
      status: 201,
      body: { data: "the holder's answer" },
    });
    const replay = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: paymentBody,
      idempotencyKey: "held",
    });
    expect(replay).toMatchObject({ status: 201, json: { data: "the holder's answer" } });
  });

  it("concurrent requests with one key through the route: one runs, the rest are 409 or replay it", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
          key: shop.key,
          body: paymentBody,
          idempotencyKey: "stampede",
        }),
      ),
    );
    for (const result of results) expect([201, 409]).toContain(result.status);
    expect(await paymentRequestsOf(shop.shopId)).toHaveLength(1);
  });

  it("after the lease expires a retry takes over and runs once; the crashed holder can no longer write its result", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const fingerprint = requestFingerprint("POST", paymentPath, paymentBody);
    const start = new Date();
    const crashed = await beginIdempotentRequest(t.db, {
      shopId: shop.shopId,
      key: "crash",
      fingerprint,
      now: start,
    });
    if (crashed.kind !== "new") throw new Error("expected a new lease");
    // Still within the lease: refused.
    await expect(
      beginIdempotentRequest(t.db, { shopId: shop.shopId, key: "crash", fingerprint, now: start }),
    ).rejects.toMatchObject({ code: "CONCURRENT_REQUEST" });
    // The lease runs out (the holder is presumed dead): the route's retry takes it over and creates one request.
    await t.db
      .update(idempotencyKeys)
      .set({ leaseExpiresAt: new Date(start.getTime() - 1000) })
      .where(and(eq(idempotencyKeys.shopId, shop.shopId), eq(idempotencyKeys.key, "crash")));
    const retry = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: paymentBody,
      idempotencyKey: "crash",
    });
    expect(retry.status).toBe(201);
    // The original holder wakes up and tries to finish inside its transaction: refused, and its change is undone.
    await expect(
      inTransaction(t.db, async (tx) => {
        await tx.execute(sql`update payment_requests set order_reference = 'written by the dead holder'
          where shop_id = ${shop.shopId}`);
        await completeIdempotentRequest(tx, {
          shopId: shop.shopId,
          key: "crash",
          leaseToken: crashed.leaseToken,
          status: 201,
          body: { data: "stale" },
        });
      }),
    ).rejects.toMatchObject({ code: "CONCURRENT_REQUEST" });
    const rows = await paymentRequestsOf(shop.shopId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.orderReference).toBe("order-7");
    // Nor can it release the retry's record.
    await releaseIdempotentRequest(t.db, {
      shopId: shop.shopId,
      key: "crash",
      leaseToken: crashed.leaseToken,
    });
    const replay = await call(t.db, createPaymentRequestRoute, "POST", "/payment-requests", {
      key: shop.key,
      body: paymentBody,
      idempotencyKey: "crash",
    });
    expect(replay.status).toBe(201);
    expect(replay.json).toEqual(retry.json);
  });

  it("a takeover by time passes only once the lease has run out", async () => {
    const shop = await shopWithKey(t.db, ["payments"]);
    const fingerprint = requestFingerprint("POST", paymentPath, paymentBody);
    const start = new Date();
    const scope = { shopId: shop.shopId, key: "timed", fingerprint };
    const first = await beginIdempotentRequest(t.db, { ...scope, now: start });
    const almost = new Date(start.getTime() + (idempotencyLeaseSeconds - 1) * 1000);
    await expect(beginIdempotentRequest(t.db, { ...scope, now: almost })).rejects.toMatchObject({
      code: "CONCURRENT_REQUEST",
    });
    const after = new Date(start.getTime() + (idempotencyLeaseSeconds + 1) * 1000);
    const second = await beginIdempotentRequest(t.db, { ...scope, now: after });
    expect(second.kind).toBe("new");
    if (first.kind !== "new" || second.kind !== "new") throw new Error("expected leases");
    expect(second.leaseToken).not.toBe(first.leaseToken);
    // Two parties cannot both hold it: a third attempt right after the takeover is refused.
    await expect(beginIdempotentRequest(t.db, { ...scope, now: after })).rejects.toMatchObject({
      code: "CONCURRENT_REQUEST",
    });
  });
});
