/**
 * The shop's till (issue 17): asking to be paid (typed amount or products), its short code, resolving a typed
 * code, following and cancelling a request, paying it (products, stock, who took it, addressed requests) and the
 * races between two payers and between a cancel and a payment. Every test that moves money ends with the ledger
 * check.
 */
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import {
  auditLog,
  coupons,
  liveEvents,
  orderItems,
  orders,
  paymentRequestItems,
  paymentRequests,
  products,
  shopMembers,
  shops,
} from "../../db/schema";
import type { Actor } from "../../lib/auth/actor";
import {
  beginPaymentRequestPayment,
  completePaymentRequestPayment,
} from "../../lib/checkout/pay-payment-request";
import { newId } from "../../lib/ids";
import { cancelTillRequest } from "../../lib/pos/cancel-till-request";
import { createTillRequest, type TillRequestInput } from "../../lib/pos/create-till-request";
import { getTillRequest } from "../../lib/pos/get-till-request";
import { resolvePaymentCode } from "../../lib/pos/resolve-payment-code";
import { listShopOrders } from "../../lib/shops/list-shop-orders";
import {
  actorOf,
  couponTestDatabaseForFile,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { createShopWithProducts, memberActor } from "../support/shop-fixtures";

/** Codes the next requests draw, in order, before random ones again (to force a collision). */
const drawnCodes: string[] = [];
vi.mock("../../lib/pos/short-code", async (original) => {
  const real = await original<typeof import("../../lib/pos/short-code")>();
  return { ...real, newShortCode: () => drawnCodes.shift() ?? real.newShortCode() };
});

const t = couponTestDatabaseForFile();

/** A shop with products (a €2.50 one with 3 in stock, a €1.00 one uncounted, an inactive one) and a staff member. */
async function tillShop() {
  const owner = await createTestUser(t.db);
  const shop = await createShopWithProducts(t.db, owner, [
    { priceMinor: 250n, stock: 3, name: "Croissant" },
    { priceMinor: 100n, name: "Coffee" },
    { priceMinor: 400n, name: "Old cake" },
  ]);
  await t.db
    .update(products)
    .set({ active: false })
    .where(eq(products.id, shop.productIds[2] as string));
  const staff = await createTestUser(t.db);
  await t.db.insert(shopMembers).values({ shopId: shop.shopId, userId: staff.userId, role: "staff" });
  return {
    ...shop,
    owner,
    staff,
    ownerActor: memberActor(owner, { [shop.shopId]: "owner" }),
    staffActor: memberActor(staff, { [shop.shopId]: "staff" }),
    croissant: shop.productIds[0] as string,
    coffee: shop.productIds[1] as string,
    oldCake: shop.productIds[2] as string,
  };
}

async function countRequests() {
  const [row] = await t.db.select({ n: sql<number>`count(*)::int` }).from(paymentRequests);
  const [items] = await t.db.select({ n: sql<number>`count(*)::int` }).from(paymentRequestItems);
  return { requests: row?.n, items: items?.n };
}

async function pay(payer: TestUser, paymentRequestId: string, couponIds: string[]) {
  const draft = await beginPaymentRequestPayment(t.db, actorOf(payer), {
    paymentRequestId,
    couponIds,
    ip: null,
  });
  const authorization = payer.authenticator.createAssertion(draft.options.challenge);
  return () =>
    completePaymentRequestPayment(t.db, actorOf(payer), {
      paymentRequestId,
      couponIds,
      authorization,
      ip: null,
    });
}

describe("asking to be paid at the till", () => {
  it("a typed amount: a till request with a six-character code, who asked, ten minutes to pay, audited", async () => {
    const shop = await tillShop();
    const now = new Date();
    const request = await createTillRequest(t.db, shop.staffActor, {
      shopId: shop.shopId,
      amount: "4.50",
      now,
    });
    expect(request).toMatchObject({ amountMinor: 450n, currency: "EUR" });
    expect(request.shortCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(request.expiresAt.getTime() - now.getTime()).toBe(600_000);
    const [row] = await t.db.select().from(paymentRequests).where(eq(paymentRequests.id, request.id));
    expect(row).toMatchObject({
      source: "till",
      status: "open",
      returnUrl: null,
      payerPartyId: null,
      createdByUserId: shop.staff.userId,
      shortCode: request.shortCode,
    });
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, request.id));
    expect(audits.map((audit) => audit.action)).toEqual(["till.payment_requested"]);
  });

  it("products: priced from the shop's active products, with their items", async () => {
    const shop = await tillShop();
    const request = await createTillRequest(t.db, shop.ownerActor, {
      shopId: shop.shopId,
      lines: [
        { productId: shop.croissant, quantity: 2 },
        { productId: shop.coffee, quantity: 1 },
      ],
    });
    expect(request.amountMinor).toBe(600n);
    const items = await t.db
      .select()
      .from(paymentRequestItems)
      .where(eq(paymentRequestItems.paymentRequestId, request.id));
    expect(items.map((item) => [item.productId, item.quantity, item.unitPriceMinor]).sort()).toEqual(
      [
        [shop.croissant, 2, 250n],
        [shop.coffee, 1, 100n],
      ].sort(),
    );
  });

  it("refuses bad amounts, both or neither, inactive and other shops' products, more than the stock: nothing written", async () => {
    const shop = await tillShop();
    const other = await tillShop();
    const before = await countRequests();
    const refusals: [TillRequestInput, string][] = [
      [{ shopId: shop.shopId, amount: "abc" }, "INVALID_AMOUNT"],
      [{ shopId: shop.shopId, amount: "0" }, "INVALID_AMOUNT"],
      [{ shopId: shop.shopId, amount: "-1.00" }, "INVALID_AMOUNT"],
      [{ shopId: shop.shopId, amount: "1.234" }, "INVALID_AMOUNT"],
      [{ shopId: shop.shopId, amount: "99999999" }, "LIMIT_EXCEEDED"],
      [{ shopId: shop.shopId }, "VALIDATION_FAILED"],
      [{ shopId: shop.shopId, amount: "   ", lines: [] }, "VALIDATION_FAILED"],
      [
        { shopId: shop.shopId, amount: "1.00", lines: [{ productId: shop.coffee, quantity: 1 }] },
        "VALIDATION_FAILED",
      ],
      [{ shopId: shop.shopId, lines: [{ productId: shop.oldCake, quantity: 1 }] }, "PRODUCT_UNAVAILABLE"],
      [{ shopId: shop.shopId, lines: [{ productId: other.coffee, quantity: 1 }] }, "PRODUCT_UNAVAILABLE"],
      [{ shopId: shop.shopId, lines: [{ productId: shop.croissant, quantity: 4 }] }, "OUT_OF_STOCK"],
      [{ shopId: shop.shopId, lines: [{ productId: shop.coffee, quantity: 0 }] }, "VALIDATION_FAILED"],
      [{ shopId: shop.shopId, lines: [{ productId: "prd_nothing", quantity: 1 }] }, "VALIDATION_FAILED"],
    ];
    for (const [input, code] of refusals) {
      await expectAppError(createTillRequest(t.db, shop.staffActor, input), code);
    }
    expect(await countRequests()).toEqual(before);
  });

  it("who may: the shop's owner and staff; not another shop's member, a customer or a shop API key", async () => {
    const shop = await tillShop();
    const other = await tillShop();
    const stranger = await createTestUser(t.db);
    const apiKey: Actor = { kind: "shop", shopId: shop.shopId, partyId: "unused", scopes: ["shop.till"] };
    const refused: Actor[] = [other.ownerActor, other.staffActor, actorOf(stranger), apiKey];
    const input = { shopId: shop.shopId, amount: "1.00" };
    for (const actor of refused) await expectAppError(createTillRequest(t.db, actor, input), "FORBIDDEN");
    const byOwner = await createTillRequest(t.db, shop.ownerActor, input);
    const byStaff = await createTillRequest(t.db, shop.staffActor, input);
    for (const actor of refused) {
      await expectAppError(
        cancelTillRequest(t.db, actor, { shopId: shop.shopId, paymentRequestId: byOwner.id }),
        "FORBIDDEN",
      );
      await expectAppError(
        getTillRequest(t.db, actor, { shopId: shop.shopId, paymentRequestId: byOwner.id }),
        "FORBIDDEN",
      );
    }
    // Another shop's member naming their own shop does not find this shop's request.
    await expectAppError(
      getTillRequest(t.db, other.ownerActor, { shopId: other.shopId, paymentRequestId: byOwner.id }),
      "NOT_FOUND",
    );
    await expectAppError(
      cancelTillRequest(t.db, other.ownerActor, { shopId: other.shopId, paymentRequestId: byOwner.id }),
      "NOT_FOUND",
    );
    expect(
      (await getTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, paymentRequestId: byOwner.id }))
        .state,
    ).toBe("open");
    await cancelTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, paymentRequestId: byOwner.id });
    await cancelTillRequest(t.db, shop.ownerActor, { shopId: shop.shopId, paymentRequestId: byStaff.id });
    const states = await t.db
      .select({ status: paymentRequests.status })
      .from(paymentRequests)
      .where(eq(paymentRequests.shopId, shop.shopId));
    expect(states.map((row) => row.status)).toEqual(["cancelled", "cancelled"]);
    const audits = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.targetId, byOwner.id), eq(auditLog.action, "till.payment_cancelled")));
    expect(audits).toHaveLength(1);
  });
});

describe("following a till request", () => {
  it("reads as expired once past its time, and its shop and the person it is addressed to hear each change live", async () => {
    const shop = await tillShop();
    const customer = await createTestUser(t.db);
    const request = await createTillRequest(t.db, shop.staffActor, {
      shopId: shop.shopId,
      amount: "1.00",
      payerPartyId: customer.partyId,
    });
    const follow = (now?: Date) =>
      getTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, paymentRequestId: request.id, now });
    expect(await follow()).toMatchObject({ state: "open", payerName: customer.handle, receipt: null });
    expect((await follow(new Date(request.expiresAt.getTime() + 1))).state).toBe("expired");
    await cancelTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, paymentRequestId: request.id });
    expect((await follow()).state).toBe("cancelled");
    const heard = await t.db
      .select({ audience: liveEvents.audience })
      .from(liveEvents)
      .where(and(eq(liveEvents.topic, "payment_request"), eq(liveEvents.ref, request.id)));
    const [shopRow] = await t.db
      .select({ partyId: shops.partyId })
      .from(shops)
      .where(eq(shops.id, shop.shopId));
    expect(heard.map((row) => row.audience).sort()).toEqual(
      [shopRow?.partyId, shopRow?.partyId, customer.partyId, customer.partyId].sort(),
    );
  });
});

describe("the till's short code", () => {
  it("is unique among open requests: a drawn code already open is drawn again; a closed one's code may return", async () => {
    const shop = await tillShop();
    drawnCodes.push("K7M4QX");
    const first = await createTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, amount: "1.00" });
    expect(first.shortCode).toBe("K7M4QX");
    drawnCodes.push("K7M4QX", "K7M4QY");
    const second = await createTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, amount: "2.00" });
    expect(second.shortCode).toBe("K7M4QY");
    await cancelTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, paymentRequestId: first.id });
    drawnCodes.push("K7M4QX");
    const third = await createTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, amount: "3.00" });
    expect(third.shortCode).toBe("K7M4QX");
    expect(drawnCodes).toEqual([]);
  });

  it("resolves an open code however it is typed; paid, expired, cancelled, someone else's and unknown are 'not valid'", async () => {
    const shop = await tillShop();
    const payer = await createTestUser(t.db);
    const someoneElse = await createTestUser(t.db);
    const open = await createTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, amount: "1.00" });
    const typed = `${open.shortCode.slice(0, 3).toLowerCase()}-${open.shortCode.slice(3)}`;
    expect(await resolvePaymentCode(t.db, actorOf(payer), { code: typed, ip: null })).toEqual({
      paymentRequestId: open.id,
    });
    const directed = await createTillRequest(t.db, shop.staffActor, {
      shopId: shop.shopId,
      amount: "1.00",
      payerPartyId: someoneElse.partyId,
    });
    expect(
      await resolvePaymentCode(t.db, actorOf(someoneElse), { code: directed.shortCode, ip: null }),
    ).toEqual({ paymentRequestId: directed.id });
    const cancelled = await createTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, amount: "1.00" });
    await cancelTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, paymentRequestId: cancelled.id });
    const paid = await createTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, amount: "1.00" });
    const coupon = await issueTestCoupon(t.db, payer, { amountMinor: 100n });
    await (await pay(payer, paid.id, [coupon.id]))();
    const expired = await createTillRequest(t.db, shop.staffActor, {
      shopId: shop.shopId,
      amount: "1.00",
      now: new Date(Date.now() - 11 * 60_000),
    });
    for (const code of [
      directed.shortCode,
      cancelled.shortCode,
      paid.shortCode,
      expired.shortCode,
      "ZZZZZZ",
      "K7M",
      42,
    ]) {
      const error = await expectAppError(
        resolvePaymentCode(t.db, actorOf(payer), { code, ip: null }),
        "VALIDATION_FAILED",
      );
      expect(error.message).toMatch(/not valid/);
    }
    await expectLedgerClean(t.db);
  });

  it("is rate-limited per person", async () => {
    const person = await createTestUser(t.db);
    for (let attempt = 0; attempt < 20; attempt++) {
      await expectAppError(
        resolvePaymentCode(t.db, actorOf(person), { code: "ZZZZZZ", ip: null }),
        "VALIDATION_FAILED",
      );
    }
    await expectAppError(
      resolvePaymentCode(t.db, actorOf(person), { code: "ZZZZZZ", ip: null }),
      "RATE_LIMITED",
    );
  });
});

describe("paying a till request", () => {
  it("records the products as the order's items, takes the stock, names who took it, and the till shows the receipt", async () => {
    const shop = await tillShop();
    const request = await createTillRequest(t.db, shop.staffActor, {
      shopId: shop.shopId,
      lines: [
        { productId: shop.croissant, quantity: 2 },
        { productId: shop.coffee, quantity: 1 },
      ],
    });
    const payer = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, payer, { amountMinor: 1000n });
    const result = await (await pay(payer, request.id, [coupon.id]))();
    expect(result).toMatchObject({
      alreadyPaid: false,
      source: "till",
      returnUrl: `/wallet/orders/${result.orderId}`,
    });
    const [order] = await t.db.select().from(orders).where(eq(orders.id, result.orderId));
    expect(order).toMatchObject({ status: "paid", totalMinor: 600n, takenByUserId: shop.staff.userId });
    const items = await t.db.select().from(orderItems).where(eq(orderItems.orderId, result.orderId));
    expect(items.map((item) => [item.productId, item.quantity]).sort()).toEqual(
      [
        [shop.croissant, 2],
        [shop.coffee, 1],
      ].sort(),
    );
    const [croissant] = await t.db.select().from(products).where(eq(products.id, shop.croissant));
    expect(croissant?.stock).toBe(1);
    const view = await getTillRequest(t.db, shop.ownerActor, {
      shopId: shop.shopId,
      paymentRequestId: request.id,
    });
    expect(view).toMatchObject({
      state: "paid",
      receipt: { orderId: result.orderId, coupons: 1, takenBy: shop.staff.handle },
    });
    expect(view.items.map((item) => item.name)).toEqual(["Coffee", "Croissant"]);
    const listed = await listShopOrders(t.db, shop.ownerActor, {
      ...shop,
      partyId: "",
      name: "",
      currency: "EUR",
      role: "owner",
    });
    expect(listed.orders.find((row) => row.id === result.orderId)).toMatchObject({
      takenBy: shop.staff.handle,
      items: 3,
    });
    // The paid request cannot be cancelled any more.
    const refused = await expectAppError(
      cancelTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, paymentRequestId: request.id }),
      "PAYMENT_REQUEST_CLOSED",
    );
    expect(refused.message).toMatch(/already paid/);
    await expectLedgerClean(t.db);
  });

  it("refuses when a product sold out since the till asked: nothing charged", async () => {
    const shop = await tillShop();
    const request = await createTillRequest(t.db, shop.staffActor, {
      shopId: shop.shopId,
      lines: [{ productId: shop.croissant, quantity: 3 }],
    });
    const payer = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, payer, { amountMinor: 750n });
    const complete = await pay(payer, request.id, [coupon.id]);
    await t.db.update(products).set({ stock: 2 }).where(eq(products.id, shop.croissant));
    await expectAppError(complete(), "OUT_OF_STOCK");
    const [kept] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(kept).toMatchObject({ ownerPartyId: payer.partyId, status: "active" });
    const [row] = await t.db.select().from(paymentRequests).where(eq(paymentRequests.id, request.id));
    expect(row?.status).toBe("open");
    await expectLedgerClean(t.db);
  });

  it("a request addressed to one person cannot be paid by anyone else, at the start or at the end", async () => {
    const shop = await tillShop();
    const customer = await createTestUser(t.db);
    const intruder = await createTestUser(t.db);
    const request = await createTillRequest(t.db, shop.staffActor, {
      shopId: shop.shopId,
      amount: "3.00",
      payerPartyId: customer.partyId,
    });
    const coupon = await issueTestCoupon(t.db, intruder, { amountMinor: 300n });
    const refused = await expectAppError(
      beginPaymentRequestPayment(t.db, actorOf(intruder), {
        paymentRequestId: request.id,
        couponIds: [coupon.id],
        ip: null,
      }),
      "FORBIDDEN",
    );
    expect(refused.message).toBe("This payment is for someone else.");
    await expectAppError(
      completePaymentRequestPayment(t.db, actorOf(intruder), {
        paymentRequestId: request.id,
        couponIds: [coupon.id],
        authorization: intruder.authenticator.createAssertion("bm8tY2hhbGxlbmdl"),
        ip: null,
      }),
      "FORBIDDEN",
    );
    const mine = await issueTestCoupon(t.db, customer, { amountMinor: 500n });
    const result = await (await pay(customer, request.id, [mine.id]))();
    const [order] = await t.db.select().from(orders).where(eq(orders.id, result.orderId));
    expect(order).toMatchObject({ buyerPartyId: customer.partyId, totalMinor: 300n });
    await expectLedgerClean(t.db);
  });

  it("two people paying the same till request at once: one order, the other is told it is already paid", async () => {
    const shop = await tillShop();
    const request = await createTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, amount: "2.00" });
    const payers = [await createTestUser(t.db), await createTestUser(t.db)];
    const completions = [];
    for (const payer of payers) {
      const coupon = await issueTestCoupon(t.db, payer, { amountMinor: 200n });
      completions.push(await pay(payer, request.id, [coupon.id]));
    }
    const results = await Promise.allSettled(completions.map((complete) => complete()));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "PAYMENT_REQUEST_CLOSED" });
    expect((refused.reason as Error).message).toMatch(/already paid/);
    const paidOrders = await t.db.select().from(orders).where(eq(orders.shopId, shop.shopId));
    expect(paidOrders).toHaveLength(1);
    await expectLedgerClean(t.db);
  });

  it("a cancel racing a payment: exactly one wins and the request, order and coupon agree", async () => {
    for (let round = 0; round < 3; round++) {
      const shop = await tillShop();
      const request = await createTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, amount: "2.00" });
      const payer = await createTestUser(t.db);
      const coupon = await issueTestCoupon(t.db, payer, { amountMinor: 200n });
      const complete = await pay(payer, request.id, [coupon.id]);
      const [paid, cancelled] = await Promise.allSettled([
        complete(),
        cancelTillRequest(t.db, shop.staffActor, { shopId: shop.shopId, paymentRequestId: request.id }),
      ]);
      const [row] = await t.db.select().from(paymentRequests).where(eq(paymentRequests.id, request.id));
      const shopOrders = await t.db.select().from(orders).where(eq(orders.shopId, shop.shopId));
      const [held] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
      if (paid?.status === "fulfilled") {
        expect(cancelled).toMatchObject({ status: "rejected", reason: { code: "PAYMENT_REQUEST_CLOSED" } });
        expect(row?.status).toBe("paid");
        expect(shopOrders).toHaveLength(1);
        expect(held?.ownerPartyId).not.toBe(payer.partyId);
      } else {
        expect(cancelled?.status).toBe("fulfilled");
        expect(paid).toMatchObject({ status: "rejected", reason: { code: "PAYMENT_REQUEST_CLOSED" } });
        expect(row?.status).toBe("cancelled");
        expect(shopOrders).toHaveLength(0);
        expect(held?.ownerPartyId).toBe(payer.partyId);
      }
    }
    await expectLedgerClean(t.db);
  });

  it("an API request still sends the payer back to the shop, with no items and nobody named as taking it", async () => {
    const shop = await tillShop();
    const id = newId("paymentRequest");
    await t.db.insert(paymentRequests).values({
      id,
      shopId: shop.shopId,
      amountMinor: 100n,
      currency: "EUR",
      orderReference: "ext-9",
      returnUrl: "https://shop.example/back",
      expiresAt: new Date(Date.now() + 600_000),
    });
    const payer = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, payer, { amountMinor: 100n });
    const result = await (await pay(payer, id, [coupon.id]))();
    expect(result).toMatchObject({ source: "api", returnUrl: "https://shop.example/back" });
    const [order] = await t.db.select().from(orders).where(eq(orders.id, result.orderId));
    expect(order?.takenByUserId).toBeNull();
    await expectAppError(
      getTillRequest(t.db, shop.ownerActor, { shopId: shop.shopId, paymentRequestId: id }),
      "NOT_FOUND",
    );
    await expectLedgerClean(t.db);
  });
});
