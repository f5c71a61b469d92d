import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { paymentRequests } from "../../db/schema";
import { beginCreateApiKey } from "../../lib/api-keys/begin-create-api-key";
import { createApiKey } from "../../lib/api-keys/create-api-key";
import { verifyApiKey } from "../../lib/api-keys/verify-api-key";
import type { Actor } from "../../lib/auth/actor";
import { completeCheckout } from "../../lib/checkout/complete-checkout";
import {
  beginPaymentRequestPayment,
  completePaymentRequestPayment,
} from "../../lib/checkout/pay-payment-request";
import { convertCoupon } from "../../lib/coupons/convert-coupon";
import { newId } from "../../lib/ids";
import { beginRefund } from "../../lib/orders/begin-refund";
import { completeRefund } from "../../lib/orders/complete-refund";
import { createPaymentRequest } from "../../lib/payment-requests/create-payment-request";
import { beginShopConversion, completeShopConversion } from "../../lib/shops/shop-conversion";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import {
  actorOf,
  couponTestDatabaseForFile,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";
import { checkoutWith, prepareCheckout } from "../support/shop-fixtures";

import {
  makeSuspendableShop,
  openPaymentRequest as openRequest,
  setPartyStatus,
} from "../support/suspension-fixtures";

// Suspension freezes a party's money (lib/parties/suspension.ts): it receives nothing, moves nothing out,
// converts nothing and requests nothing, and its API keys are refused. Each test suspends a party between the
// start of an operation (passkey challenge already issued) and its completion, and checks nothing changed.
const t = couponTestDatabaseForFile();

const setStatus = (partyId: string, status: "active" | "suspended") => setPartyStatus(t.db, partyId, status);
const makeShop = () => makeSuspendableShop(t.db);

describe("a suspended shop", () => {
  it("cannot be paid through an open payment request's hosted page", async () => {
    const shop = await makeShop();
    const paymentRequestId = await openRequest(t.db, shop.shopId, 300n);
    const shopper = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 1000n });
    const couponIds = [coupon.id];
    const draft = await beginPaymentRequestPayment(t.db, actorOf(shopper), {
      paymentRequestId,
      couponIds,
      ip: null,
    });
    const authorization = shopper.authenticator.createAssertion(draft.options.challenge);
    await setStatus(shop.partyId, "suspended");
    const before = await snapshotCouponData(t.db);
    const complete = () =>
      completePaymentRequestPayment(t.db, actorOf(shopper), {
        paymentRequestId,
        couponIds,
        authorization,
        ip: null,
      });
    await expectAppError(complete(), "ACCOUNT_SUSPENDED");
    await expectAppError(
      beginPaymentRequestPayment(t.db, actorOf(shopper), { paymentRequestId, couponIds, ip: null }),
      "ACCOUNT_SUSPENDED",
    );
    expect(await snapshotCouponData(t.db)).toEqual(before);
    const [request] = await t.db
      .select()
      .from(paymentRequests)
      .where(eq(paymentRequests.id, paymentRequestId));
    expect(request?.status).toBe("open");
    // Reinstated, the same confirmation still pays: nothing was spent by the refusal.
    await setStatus(shop.partyId, "active");
    expect((await complete()).alreadyPaid).toBe(false);
    await expectLedgerClean(t.db);
  });

  it("cannot take a storefront checkout prepared before the suspension", async () => {
    const shop = await makeShop();
    const shopper = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 500n });
    const prepared = await prepareCheckout(t.db, shopper, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [coupon.id],
      checkoutKey: newId("order").slice(4),
    });
    await setStatus(shop.partyId, "suspended");
    const before = await snapshotCouponData(t.db);
    await expectAppError(
      completeCheckout(t.db, actorOf(shopper), { ...prepared.input, authorization: prepared.authorization }),
      "ACCOUNT_SUSPENDED",
    );
    expect(await snapshotCouponData(t.db)).toEqual(before);
  });

  it("cannot convert the coupons it received", async () => {
    const shop = await makeShop();
    const shopper = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 500n });
    await checkoutWith(t.db, shopper, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [coupon.id],
    });
    const draft = await beginShopConversion(t.db, shop.ownerActor, {
      slug: shop.slug,
      couponIds: "all",
      ip: null,
    });
    const authorization = shop.merchant.authenticator.createAssertion(draft.options.challenge);
    await setStatus(shop.partyId, "suspended");
    const before = await snapshotCouponData(t.db);
    await expectAppError(
      completeShopConversion(t.db, shop.ownerActor, {
        slug: shop.slug,
        couponIds: draft.couponIds,
        authorization,
        ip: null,
      }),
      "ACCOUNT_SUSPENDED",
    );
    await expectAppError(
      beginShopConversion(t.db, shop.ownerActor, { slug: shop.slug, couponIds: "all", ip: null }),
      "ACCOUNT_SUSPENDED",
    );
    const apiActor: Actor = {
      kind: "shop",
      shopId: shop.shopId,
      partyId: shop.partyId,
      scopes: ["shop.coupons.convert"],
    };
    await expectAppError(
      convertCoupon(t.db, apiActor, { couponId: coupon.id, version: 2 }),
      "ACCOUNT_SUSPENDED",
    );
    expect(await snapshotCouponData(t.db)).toEqual(before);
  });

  it("cannot accept a coupon offered to it before the suspension", async () => {
    const shop = await makeShop();
    const giver = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, giver);
    const offer = await offerTestCoupon(t.db, giver, coupon, { partyId: shop.partyId });
    await setStatus(shop.partyId, "suspended");
    const before = await snapshotCouponData(t.db);
    const shopActor: Actor = {
      kind: "shop",
      shopId: shop.shopId,
      partyId: shop.partyId,
      scopes: ["payments"],
    };
    await expectAppError(
      acceptTransfer(t.db, shopActor, { transferId: offer.transferId }),
      "ACCOUNT_SUSPENDED",
    );
    expect(await snapshotCouponData(t.db)).toEqual(before);
  });

  it("has its API keys refused and cannot ask to be paid", async () => {
    const shop = await makeShop();
    // Created the way the Developers page does: the owner confirms exactly this key with their passkey.
    const draft = { shopId: shop.shopId, name: "k", scopes: ["payments"] };
    const { options } = await beginCreateApiKey(t.db, shop.ownerActor, { ...draft, ip: null });
    const authorization = shop.merchant.authenticator.createAssertion(options.challenge);
    const { key } = await createApiKey(t.db, shop.ownerActor, { ...draft, authorization });
    const apiActor = await verifyApiKey(t.db, key);
    await setStatus(shop.partyId, "suspended");
    await expectAppError(verifyApiKey(t.db, key), "ACCOUNT_SUSPENDED");
    // Defence in depth: an actor authenticated just before the suspension still cannot create a request.
    await expectAppError(
      createPaymentRequest(t.db, apiActor, {
        shopId: shop.shopId,
        amountMinor: 100n,
        currency: "EUR",
        orderReference: "o-1",
        returnUrl: "https://shop.example/r",
        expiresInSeconds: 600,
      }),
      "ACCOUNT_SUSPENDED",
    );
    expect(await t.db.select().from(paymentRequests).where(eq(paymentRequests.shopId, shop.shopId))).toEqual(
      [],
    );
  });
  it("cannot refund, and refunds nothing to a suspended shopper", async () => {
    const shop = await makeShop();
    const shopper = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 500n });
    const order = await checkoutWith(t.db, shopper, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [coupon.id],
    });
    const input = { slug: shop.slug, orderId: order.orderId, amountMinor: 500n, ip: null };
    const draft = await beginRefund(t.db, shop.ownerActor, input);
    const authorization = shop.merchant.authenticator.createAssertion(draft.options.challenge);
    const before = await snapshotCouponData(t.db);
    for (const suspended of [shop.partyId, shopper.partyId]) {
      await setStatus(suspended, "suspended");
      await expectAppError(beginRefund(t.db, shop.ownerActor, input), "ACCOUNT_SUSPENDED");
      await expectAppError(
        completeRefund(t.db, shop.ownerActor, { ...input, authorization }),
        "ACCOUNT_SUSPENDED",
      );
      await setStatus(suspended, "active");
    }
    expect(await snapshotCouponData(t.db)).toEqual(before);
    expect((await completeRefund(t.db, shop.ownerActor, { ...input, authorization })).status).toBe(
      "refunded",
    );
    await expectLedgerClean(t.db);
  });
});
