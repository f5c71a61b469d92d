import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { coupons, orders, paymentRequests, webhookEndpoints, webhookMessages } from "../../db/schema";
import {
  beginPaymentRequestPayment,
  completePaymentRequestPayment,
} from "../../lib/checkout/pay-payment-request";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import { newId } from "../../lib/ids";
import {
  actorOf,
  couponTestDatabaseForFile,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { createShopWithProducts } from "../support/shop-fixtures";

const t = couponTestDatabaseForFile();

async function openRequest(amountMinor: bigint, expiresInSeconds = 3600) {
  const merchant = await createTestUser(t.db);
  const shop = await createShopWithProducts(t.db, merchant, []);
  const id = newId("paymentRequest");
  await t.db.insert(paymentRequests).values({
    id,
    shopId: shop.shopId,
    amountMinor,
    currency: "EUR",
    orderReference: "ext-1",
    returnUrl: "https://shop.example/return",
    expiresAt: new Date(Date.now() + expiresInSeconds * 1000),
  });
  return { id, shop };
}

async function pay(shopper: TestUser, paymentRequestId: string, couponIds: string[]) {
  const draft = await beginPaymentRequestPayment(t.db, actorOf(shopper), {
    paymentRequestId,
    couponIds,
    ip: null,
  });
  const authorization = shopper.authenticator.createAssertion(draft.options.challenge);
  return {
    draft,
    authorization,
    complete: () =>
      completePaymentRequestPayment(t.db, actorOf(shopper), {
        paymentRequestId,
        couponIds,
        authorization,
        ip: null,
      }),
  };
}

describe("paying a payment request", () => {
  it("pays with a split coupon, marks the request paid with its order, and writes the webhook in the same transaction", async () => {
    const { id, shop } = await openRequest(300n);
    await t.db.insert(webhookEndpoints).values({
      id: newId("webhookEndpoint"),
      shopId: shop.shopId,
      url: "https://93.184.215.14/hooks",
      eventTypes: ["payment_request.paid", "transfer.accepted"],
      secretEncrypted: "unused-in-this-test",
    });
    const shopper = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 1000n });
    const attempt = await pay(shopper, id, [coupon.id]);
    expect(attempt.draft.changeMinor).toBe(700n);
    const result = await attempt.complete();
    expect(result).toMatchObject({ returnUrl: "https://shop.example/return", alreadyPaid: false });
    const messages = await t.db.select().from(webhookMessages).orderBy(webhookMessages.eventType);
    expect(messages.map((message) => message.eventType)).toEqual([
      "payment_request.paid",
      "transfer.accepted",
    ]);
    expect(messages[0]?.payload).toMatchObject({
      type: "payment_request.paid",
      data: { paymentRequestId: id, orderReference: "ext-1", amountMinor: "300", currency: "EUR" },
    });
    const [request] = await t.db.select().from(paymentRequests).where(eq(paymentRequests.id, id));
    expect(request).toMatchObject({ status: "paid", orderId: result.orderId });
    const [order] = await t.db.select().from(orders).where(eq(orders.id, result.orderId));
    expect(order).toMatchObject({ status: "paid", totalMinor: 300n });
    const children = await t.db.select().from(coupons).where(eq(coupons.parentId, coupon.id));
    for (const child of children)
      expect(await verifyCouponHistory(t.db, child.id)).toMatchObject({ ok: true });
    // The €7.00 that stayed with the shopper records the purchase it is the change of; the paying piece does not.
    expect(children.map((child) => [child.amountMinor, child.changeOrderId]).sort()).toEqual([
      [300n, null],
      [700n, result.orderId],
    ]);
    // Submitting again answers with the same payment; someone else cannot pay it any more.
    expect((await attempt.complete()).orderId).toBe(result.orderId);
    const other = await createTestUser(t.db);
    const otherCoupon = await issueTestCoupon(t.db, other, { amountMinor: 300n });
    await expectAppError(
      beginPaymentRequestPayment(t.db, actorOf(other), {
        paymentRequestId: id,
        couponIds: [otherCoupon.id],
        ip: null,
      }),
      "PAYMENT_REQUEST_CLOSED",
    );
    await expectLedgerClean(t.db);
  });

  it("refuses an expired request, an unknown id, and coupons that do not cover it", async () => {
    const shopper = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 100n });
    const expired = await openRequest(100n, -1);
    await expectAppError(
      beginPaymentRequestPayment(t.db, actorOf(shopper), {
        paymentRequestId: expired.id,
        couponIds: [coupon.id],
        ip: null,
      }),
      "PAYMENT_REQUEST_CLOSED",
    );
    await expectAppError(
      beginPaymentRequestPayment(t.db, actorOf(shopper), {
        paymentRequestId: "pay_nonexistentnonexist",
        couponIds: [coupon.id],
        ip: null,
      }),
      "NOT_FOUND",
    );
    const big = await openRequest(500n);
    await expectAppError(
      beginPaymentRequestPayment(t.db, actorOf(shopper), {
        paymentRequestId: big.id,
        couponIds: [coupon.id],
        ip: null,
      }),
      "INSUFFICIENT_COUPONS",
    );
  });

  it("two shoppers paying the same request at once: one pays, the other is refused and keeps their coupon", async () => {
    const { id } = await openRequest(200n);
    const shoppers = [await createTestUser(t.db), await createTestUser(t.db)];
    const attempts = [];
    for (const shopper of shoppers) {
      const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 200n });
      attempts.push({ coupon, ...(await pay(shopper, id, [coupon.id])) });
    }
    const results = await Promise.allSettled(attempts.map((attempt) => attempt.complete()));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "PAYMENT_REQUEST_CLOSED" });
    const loser = attempts[results.indexOf(refused)];
    const [kept] = await t.db
      .select()
      .from(coupons)
      .where(eq(coupons.id, loser?.coupon.id as string));
    expect(kept).toMatchObject({ status: "active", version: 1 });
    await expectLedgerClean(t.db);
  });
});
