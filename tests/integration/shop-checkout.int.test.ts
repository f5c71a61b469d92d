import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { coupons, orderCoupons, orders, parties, products, shops } from "../../db/schema";
import { completeCheckout } from "../../lib/checkout/complete-checkout";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import {
  actorOf,
  backdateCoupon,
  balanceOf,
  couponTestDatabaseForFile,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";
import {
  checkoutWith,
  createShopWithProducts,
  newCheckoutKey,
  prepareCheckout,
} from "../support/shop-fixtures";

const t = couponTestDatabaseForFile();

async function couponRow(id: string) {
  const [row] = await t.db.select().from(coupons).where(eq(coupons.id, id));
  if (!row) throw new Error(`no coupon ${id}`);
  return row;
}

async function expectHistoryVerifies(couponId: string) {
  expect(await verifyCouponHistory(t.db, couponId)).toEqual({ ok: true, problems: [] });
}

describe("checkout with coupons", () => {
  it("pays an exact amount with one coupon: the shop owns it, the order is paid, the requester is charged", async () => {
    const merchant = await createTestUser(t.db);
    const shopper = await createTestUser(t.db);
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 500n }]);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 500n });
    const result = await checkoutWith(t.db, shopper, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [coupon.id],
    });
    expect(result).toMatchObject({
      totalMinor: 500n,
      currency: "EUR",
      changeCouponIds: [],
      alreadyPaid: false,
    });
    const [order] = await t.db.select().from(orders).where(eq(orders.id, result.orderId));
    expect(order).toMatchObject({ status: "paid", totalMinor: 500n, buyerPartyId: shopper.partyId });
    const paid = await couponRow(coupon.id);
    const [shopRow] = await t.db
      .select({ partyId: shops.partyId })
      .from(shops)
      .where(eq(shops.id, shop.shopId));
    expect(paid).toMatchObject({
      status: "active",
      version: 2,
      funded: true,
      ownerPartyId: shopRow?.partyId,
    });
    const used = await t.db.select().from(orderCoupons).where(eq(orderCoupons.orderId, result.orderId));
    expect(used).toEqual([
      expect.objectContaining({ couponId: coupon.id, kind: "payment", amountMinor: 500n }),
    ]);
    expect(await balanceOf(t.db, "party", shopper.partyId)).toBe(500n);
    await expectHistoryVerifies(coupon.id);
    await expectLedgerClean(t.db);
  });

  it("pays a smaller amount with a larger coupon: the coupon is split and the change stays with the shopper", async () => {
    const merchant = await createTestUser(t.db);
    const shopper = await createTestUser(t.db);
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 350n }]);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 1000n });
    const result = await checkoutWith(t.db, shopper, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [coupon.id],
    });
    expect((await couponRow(coupon.id)).status).toBe("split");
    const [change] = result.changeCouponIds;
    const changeRow = await couponRow(change as string);
    expect(changeRow).toMatchObject({
      ownerPartyId: shopper.partyId,
      amountMinor: 650n,
      status: "active",
      funded: false,
    });
    const [used] = await t.db.select().from(orderCoupons).where(eq(orderCoupons.orderId, result.orderId));
    const paidRow = await couponRow(used?.couponId as string);
    expect(paidRow).toMatchObject({ amountMinor: 350n, parentId: coupon.id, version: 2, funded: true });
    // Only the part paid is charged to the shopper now; the change is funded when it first leaves their wallet.
    expect(await balanceOf(t.db, "party", shopper.partyId)).toBe(350n);
    for (const id of [coupon.id, paidRow.id, changeRow.id]) await expectHistoryVerifies(id);
    await expectLedgerClean(t.db);
  });

  it("pays with several coupons, splitting only the last one", async () => {
    const merchant = await createTestUser(t.db);
    const shopper = await createTestUser(t.db);
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 300n }]);
    const first = await issueTestCoupon(t.db, shopper, { amountMinor: 400n });
    const second = await issueTestCoupon(t.db, shopper, { amountMinor: 500n });
    const result = await checkoutWith(t.db, shopper, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 2 }],
      couponIds: [first.id, second.id],
    });
    expect(result.totalMinor).toBe(600n);
    const used = await t.db.select().from(orderCoupons).where(eq(orderCoupons.orderId, result.orderId));
    expect(used.map((row) => row.amountMinor).sort()).toEqual([200n, 400n]);
    expect((await couponRow(result.changeCouponIds[0] as string)).amountMinor).toBe(300n);
    await expectLedgerClean(t.db);
  });

  it("refuses coupons in another currency, expired, pending elsewhere or not the shopper's, changing nothing", async () => {
    const merchant = await createTestUser(t.db);
    const shopper = await createTestUser(t.db);
    const friend = await createTestUser(t.db);
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 100n }]);
    const lines = [{ productId: shop.productIds[0] as string, quantity: 1 }];
    const dollars = await issueTestCoupon(t.db, shopper, { amountMinor: 100n, currency: "USD" });
    const pending = await issueTestCoupon(t.db, shopper, { amountMinor: 100n });
    await offerTestCoupon(t.db, shopper, pending, { partyId: friend.partyId });
    const friends = await issueTestCoupon(t.db, friend, { amountMinor: 100n });
    const expired = await issueTestCoupon(t.db, shopper, { amountMinor: 100n });
    await backdateCoupon(t.sql, expired.id);
    const before = await snapshotCouponData(t.db);
    const attempt = (couponIds: string[]) =>
      checkoutWith(t.db, shopper, { slug: shop.slug, lines, couponIds });
    expect((await expectAppError(attempt([dollars.id]), "CURRENCY_MISMATCH")).message).toMatch(/USD.*EUR/);
    await expectAppError(attempt([pending.id]), "COUPON_PENDING");
    await expectAppError(attempt([friends.id]), "COUPON_NOT_YOURS");
    await expectAppError(attempt([expired.id]), "COUPON_EXPIRED");
    await expectAppError(attempt(["cpn_doesnotexistdoesnotex"]), "COUPON_NOT_YOURS");
    expect(await snapshotCouponData(t.db)).toMatchObject({
      coupons: before.coupons,
      transfers: before.transfers,
      postings: before.postings,
    });
    expect(await t.db.select().from(orders).where(eq(orders.buyerPartyId, shopper.partyId))).toEqual([]);
  });

  it("refuses coupons that do not cover the total, and coupons that are not needed", async () => {
    const merchant = await createTestUser(t.db);
    const shopper = await createTestUser(t.db);
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 500n }]);
    const lines = [{ productId: shop.productIds[0] as string, quantity: 1 }];
    const small = await issueTestCoupon(t.db, shopper, { amountMinor: 200n });
    const big = await issueTestCoupon(t.db, shopper, { amountMinor: 800n });
    await expectAppError(
      checkoutWith(t.db, shopper, { slug: shop.slug, lines, couponIds: [small.id] }),
      "INSUFFICIENT_COUPONS",
    );
    await expectAppError(
      checkoutWith(t.db, shopper, { slug: shop.slug, lines, couponIds: [big.id, small.id] }),
      "TOO_MANY_COUPONS",
    );
    await expectAppError(
      checkoutWith(t.db, shopper, { slug: shop.slug, lines, couponIds: [big.id, big.id] }),
      "VALIDATION_FAILED",
    );
  });

  it("refuses a total that changed after the shopper confirmed, and a confirmation replayed for another cart", async () => {
    const merchant = await createTestUser(t.db);
    const shopper = await createTestUser(t.db);
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 300n }, { priceMinor: 100n }]);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 1000n });
    const prepared = await prepareCheckout(t.db, shopper, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [coupon.id],
      checkoutKey: newCheckoutKey(),
    });
    await t.db
      .update(products)
      .set({ priceMinor: 350n })
      .where(eq(products.id, shop.productIds[0] as string));
    await expectAppError(
      completeCheckout(t.db, actorOf(shopper), { ...prepared.input, authorization: prepared.authorization }),
      "PRICE_CHANGED",
    );
    await t.db
      .update(products)
      .set({ priceMinor: 300n })
      .where(eq(products.id, shop.productIds[0] as string));
    // The same assertion cannot pay for a different cart.
    await expectAppError(
      completeCheckout(t.db, actorOf(shopper), {
        ...prepared.input,
        lines: [{ productId: shop.productIds[1] as string, quantity: 3 }],
        authorization: prepared.authorization,
      }),
      "STEP_UP_INVALID",
    );
    expect((await couponRow(coupon.id)).status).toBe("active");
    // The original cart still pays with it.
    const paid = await completeCheckout(t.db, actorOf(shopper), {
      ...prepared.input,
      authorization: prepared.authorization,
    });
    expect(paid.totalMinor).toBe(300n);
  });
});

describe("checkout under concurrency", () => {
  it("two shoppers racing for the last unit: one pays, the other is refused and keeps their coupon", async () => {
    for (let round = 0; round < 5; round++) {
      const merchant = await createTestUser(t.db);
      const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 700n, stock: 1 }]);
      const shoppers = [await createTestUser(t.db), await createTestUser(t.db)];
      const prepared = [];
      for (const shopper of shoppers) {
        const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 1000n });
        prepared.push({
          shopper,
          coupon,
          checkout: await prepareCheckout(t.db, shopper, {
            slug: shop.slug,
            lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
            couponIds: [coupon.id],
            checkoutKey: newCheckoutKey(),
          }),
        });
      }
      const results = await Promise.allSettled(
        prepared.map(({ shopper, checkout }) =>
          completeCheckout(t.db, actorOf(shopper), {
            ...checkout.input,
            authorization: checkout.authorization,
          }),
        ),
      );
      const paid = results.filter((result) => result.status === "fulfilled");
      const refused = results.filter((result) => result.status === "rejected");
      expect(paid).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "OUT_OF_STOCK" });
      const [product] = await t.db
        .select()
        .from(products)
        .where(eq(products.id, shop.productIds[0] as string));
      expect(product?.stock).toBe(0);
      const paidOrders = await t.db
        .select()
        .from(orders)
        .where(and(eq(orders.shopId, shop.shopId), eq(orders.status, "paid")));
      expect(paidOrders).toHaveLength(1);
      const loser = prepared[results.findIndex((result) => result.status === "rejected")];
      expect(await couponRow(loser?.coupon.id as string)).toMatchObject({ status: "active", version: 1 });
    }
    await expectLedgerClean(t.db);
  });

  it("the same checkout submitted twice at once pays once and both submissions get the same order", async () => {
    for (let round = 0; round < 5; round++) {
      const merchant = await createTestUser(t.db);
      const shopper = await createTestUser(t.db);
      const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 250n, stock: 10 }]);
      const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 1000n });
      const checkout = await prepareCheckout(t.db, shopper, {
        slug: shop.slug,
        lines: [{ productId: shop.productIds[0] as string, quantity: 2 }],
        couponIds: [coupon.id],
        checkoutKey: newCheckoutKey(),
      });
      const submit = () =>
        completeCheckout(t.db, actorOf(shopper), {
          ...checkout.input,
          authorization: checkout.authorization,
        });
      const [first, second] = await Promise.all([submit(), submit()]);
      expect(first.orderId).toBe(second.orderId);
      expect([first.alreadyPaid, second.alreadyPaid].sort()).toEqual([false, true]);
      const shopOrders = await t.db.select().from(orders).where(eq(orders.shopId, shop.shopId));
      expect(shopOrders).toHaveLength(1);
      const [product] = await t.db
        .select()
        .from(products)
        .where(eq(products.id, shop.productIds[0] as string));
      expect(product?.stock).toBe(8);
      expect(await balanceOf(t.db, "party", shopper.partyId)).toBe(500n);
      // A third, later submission is answered from the paid order too.
      expect((await submit()).orderId).toBe(first.orderId);
    }
    await expectLedgerClean(t.db);
  });
});

describe("suspension", () => {
  it("a suspended shopper cannot pay, and a suspended shop takes no payments", async () => {
    const merchant = await createTestUser(t.db);
    const shopper = await createTestUser(t.db);
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 100n }]);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 100n });
    const lines = [{ productId: shop.productIds[0] as string, quantity: 1 }];
    const prepared = await prepareCheckout(t.db, shopper, {
      slug: shop.slug,
      lines,
      couponIds: [coupon.id],
      checkoutKey: newCheckoutKey(),
    });
    await t.db.update(parties).set({ status: "suspended" }).where(eq(parties.id, shopper.partyId));
    await expectAppError(
      completeCheckout(t.db, actorOf(shopper), { ...prepared.input, authorization: prepared.authorization }),
      "ACCOUNT_SUSPENDED",
    );
    await t.db.update(parties).set({ status: "active" }).where(eq(parties.id, shopper.partyId));
    const [shopRow] = await t.db
      .select({ partyId: shops.partyId })
      .from(shops)
      .where(eq(shops.id, shop.shopId));
    await t.db
      .update(parties)
      .set({ status: "suspended" })
      .where(eq(parties.id, shopRow?.partyId as string));
    await expectAppError(
      checkoutWith(t.db, shopper, { slug: shop.slug, lines, couponIds: [coupon.id] }),
      "ACCOUNT_SUSPENDED",
    );
    expect((await couponRow(coupon.id)).status).toBe("active");
  });

  it("a suspended person cannot offer a coupon, even with a valid passkey confirmation", async () => {
    const giver = await createTestUser(t.db);
    const friend = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 100n });
    await t.db.update(parties).set({ status: "suspended" }).where(eq(parties.id, giver.partyId));
    await expectAppError(
      offerTestCoupon(t.db, giver, coupon, { partyId: friend.partyId }),
      "ACCOUNT_SUSPENDED",
    );
    expect((await couponRow(coupon.id)).status).toBe("active");
  });
});
