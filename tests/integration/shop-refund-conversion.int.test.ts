import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { coupons, orderCoupons, orders, postings, transfers } from "../../db/schema";
import type { Actor } from "../../lib/auth/actor";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import { beginRefund } from "../../lib/orders/begin-refund";
import { completeRefund } from "../../lib/orders/complete-refund";
import { beginShopConversion, completeShopConversion } from "../../lib/shops/shop-conversion";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { declineTransfer } from "../../lib/transfers/decline-transfer";
import {
  actorOf,
  authorizeAccept,
  balanceOf,
  couponTestDatabaseForFile,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { checkoutWith, createShopWithProducts, memberActor } from "../support/shop-fixtures";

const t = couponTestDatabaseForFile();

async function refund(owner: TestUser, actor: Actor, slug: string, orderId: string, amountMinor: bigint) {
  const draft = await beginRefund(t.db, actor, { slug, orderId, amountMinor, ip: null });
  const authorization = owner.authenticator.createAssertion(draft.options.challenge);
  return completeRefund(t.db, actor, { slug, orderId, amountMinor, authorization, ip: null });
}

async function convertAll(owner: TestUser, actor: Actor, slug: string) {
  const draft = await beginShopConversion(t.db, actor, { slug, couponIds: "all", ip: null });
  const authorization = owner.authenticator.createAssertion(draft.options.challenge);
  return completeShopConversion(t.db, actor, { slug, couponIds: draft.couponIds, authorization, ip: null });
}

/** The shopper accepts every refund offer made to them, with their passkey. */
async function acceptRefunds(shopper: TestUser, transferIds: string[]) {
  for (const transferId of transferIds) {
    const [transfer] = await t.db.select().from(transfers).where(eq(transfers.id, transferId));
    const authorization = await authorizeAccept(t.db, shopper, {
      transferId,
      couponId: transfer?.couponId as string,
      version: transfer?.couponVersion as number,
    });
    await acceptTransfer(t.db, actorOf(shopper), { transferId, authorization });
  }
}

async function paidOrder(priceMinor: bigint, couponMinor: bigint) {
  const merchant = await createTestUser(t.db);
  const shopper = await createTestUser(t.db);
  const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor }]);
  const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: couponMinor });
  const order = await checkoutWith(t.db, shopper, {
    slug: shop.slug,
    lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
    couponIds: [coupon.id],
  });
  return { merchant, shopper, shop, coupon, order };
}

describe("refunds", () => {
  it("a whole refund gives the same coupon back; the shopper accepts it and the ledger stays clean", async () => {
    const { merchant, shopper, shop, coupon, order } = await paidOrder(500n, 500n);
    const result = await refund(merchant, shop.ownerActor, shop.slug, order.orderId, 500n);
    expect(result).toMatchObject({ status: "refunded", refundedMinor: 500n });
    expect(result.transferIds).toHaveLength(1);
    await acceptRefunds(shopper, result.transferIds);
    const [row] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(row).toMatchObject({ ownerPartyId: shopper.partyId, version: 3, status: "active" });
    expect(await verifyCouponHistory(t.db, coupon.id)).toEqual({ ok: true, problems: [] });
    const refunds = await t.db.select().from(orderCoupons).where(eq(orderCoupons.orderId, order.orderId));
    expect(refunds.map((entry) => entry.kind).sort()).toEqual(["payment", "refund"]);
    // The shopper still owes for the coupon (it was funded when first spent) and holds it again.
    expect(await balanceOf(t.db, "party", shopper.partyId)).toBe(500n);
    await expectLedgerClean(t.db);
  });

  it("a partial refund splits the shop's coupon; a second refund of the rest completes it; more is refused", async () => {
    const { merchant, shopper, shop, order } = await paidOrder(800n, 800n);
    const first = await refund(merchant, shop.ownerActor, shop.slug, order.orderId, 300n);
    expect(first).toMatchObject({ status: "partially_refunded", refundedMinor: 300n });
    await acceptRefunds(shopper, first.transferIds);
    const second = await refund(merchant, shop.ownerActor, shop.slug, order.orderId, 500n);
    expect(second).toMatchObject({ status: "refunded", refundedMinor: 800n });
    await acceptRefunds(shopper, second.transferIds);
    await expectAppError(
      refund(merchant, shop.ownerActor, shop.slug, order.orderId, 1n),
      "ORDER_NOT_REFUNDABLE",
    );
    const backToShopper = await t.db.select().from(coupons).where(eq(coupons.ownerPartyId, shopper.partyId));
    expect(backToShopper.reduce((sum, row) => sum + row.amountMinor, 0n)).toBe(800n);
    for (const row of backToShopper) {
      expect(await verifyCouponHistory(t.db, row.id)).toEqual({ ok: true, problems: [] });
    }
    await expectLedgerClean(t.db);
  });

  it("after the shop converted the coupons, a refund issues a new coupon funded by the shop", async () => {
    const { merchant, shopper, shop, order } = await paidOrder(600n, 600n);
    const { shopId } = shop;
    const converted = await convertAll(merchant, shop.ownerActor, shop.slug);
    expect(converted).toEqual({ converted: 1, totalMinor: 600n });
    const [shopRow] = await t.db
      .select({ shopParty: orders.shopId })
      .from(orders)
      .where(eq(orders.id, order.orderId));
    expect(shopRow?.shopParty).toBe(shopId);
    const result = await refund(merchant, shop.ownerActor, shop.slug, order.orderId, 250n);
    await acceptRefunds(shopper, result.transferIds);
    const [transfer] = await t.db
      .select()
      .from(transfers)
      .where(eq(transfers.id, result.transferIds[0] as string));
    const [fresh] = await t.db
      .select()
      .from(coupons)
      .where(eq(coupons.id, transfer?.couponId as string));
    expect(fresh).toMatchObject({ amountMinor: 250n, funded: true, ownerPartyId: shopper.partyId });
    const funding = await t.db
      .select()
      .from(postings)
      .where(eq(postings.couponId, fresh?.id as string));
    expect(funding).toEqual([expect.objectContaining({ kind: "funding", amountMinor: 250n })]);
    // The shop is owed 600 for the conversion and owes 250 for the refund coupon it funded.
    expect(await balanceOf(t.db, "party", fresh?.requesterPartyId as string)).toBe(250n - 600n);
    expect(await verifyCouponHistory(t.db, fresh?.id as string)).toEqual({ ok: true, problems: [] });
    await expectLedgerClean(t.db);
  });

  it("a refund the shopper declines gives nothing back: the order is refundable again and the shop keeps the coupon", async () => {
    const { merchant, shopper, shop, coupon, order } = await paidOrder(400n, 400n);
    const offered = await refund(merchant, shop.ownerActor, shop.slug, order.orderId, 400n);
    expect(offered.status).toBe("refunded");
    await declineTransfer(t.db, actorOf(shopper), { transferId: offered.transferIds[0] as string });
    const [row] = await t.db.select().from(orders).where(eq(orders.id, order.orderId));
    expect(row).toMatchObject({ status: "paid", refundedMinor: 0n });
    const [held] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(held).toMatchObject({ status: "active", version: 2 });
    expect(held?.ownerPartyId).not.toBe(shopper.partyId);
    // The shop can offer it again, and this time the shopper takes it.
    const again = await refund(merchant, shop.ownerActor, shop.slug, order.orderId, 400n);
    await acceptRefunds(shopper, again.transferIds);
    const [back] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(back).toMatchObject({ ownerPartyId: shopper.partyId, version: 3 });
    expect(await verifyCouponHistory(t.db, coupon.id)).toEqual({ ok: true, problems: [] });
    await expectLedgerClean(t.db);
  });

  it("refuses staff, other shops, unknown orders, zero and too much, changing nothing", async () => {
    const { merchant, shop, order } = await paidOrder(400n, 400n);
    const staff = await createTestUser(t.db);
    const staffActor = memberActor(staff, { [shop.shopId]: "staff" });
    await expectAppError(
      beginRefund(t.db, staffActor, { slug: shop.slug, orderId: order.orderId, amountMinor: 100n, ip: null }),
      "FORBIDDEN",
    );
    const other = await paidOrder(400n, 400n);
    await expectAppError(
      beginRefund(t.db, other.shop.ownerActor, {
        slug: other.shop.slug,
        orderId: order.orderId,
        amountMinor: 100n,
        ip: null,
      }),
      "NOT_FOUND",
    );
    await expectAppError(
      beginRefund(t.db, other.shop.ownerActor, {
        slug: shop.slug,
        orderId: order.orderId,
        amountMinor: 100n,
        ip: null,
      }),
      "NOT_FOUND",
    );
    await expectAppError(refund(merchant, shop.ownerActor, shop.slug, order.orderId, 0n), "INVALID_AMOUNT");
    await expectAppError(
      refund(merchant, shop.ownerActor, shop.slug, order.orderId, 401n),
      "REFUND_TOO_LARGE",
    );
    const [row] = await t.db.select().from(orders).where(eq(orders.id, order.orderId));
    expect(row).toMatchObject({ status: "paid", refundedMinor: 0n });
  });
});

describe("shop conversion", () => {
  it("converts chosen coupons, then all the rest; only owners may; each is converted once", async () => {
    const merchant = await createTestUser(t.db);
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 100n }]);
    for (let index = 0; index < 3; index++) {
      const shopper = await createTestUser(t.db);
      const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 100n });
      await checkoutWith(t.db, shopper, {
        slug: shop.slug,
        lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
        couponIds: [coupon.id],
      });
    }
    const staff = await createTestUser(t.db);
    await expectAppError(
      beginShopConversion(t.db, memberActor(staff, { [shop.shopId]: "staff" }), {
        slug: shop.slug,
        couponIds: "all",
        ip: null,
      }),
      "FORBIDDEN",
    );
    const held = await beginShopConversion(t.db, shop.ownerActor, {
      slug: shop.slug,
      couponIds: "all",
      ip: null,
    });
    expect(held.count).toBe(3);
    const chosen = [held.couponIds[0] as string];
    const draft = await beginShopConversion(t.db, shop.ownerActor, {
      slug: shop.slug,
      couponIds: chosen,
      ip: null,
    });
    const authorization = merchant.authenticator.createAssertion(draft.options.challenge);
    expect(
      await completeShopConversion(t.db, shop.ownerActor, {
        slug: shop.slug,
        couponIds: chosen,
        authorization,
        ip: null,
      }),
    ).toEqual({ converted: 1, totalMinor: 100n });
    await expectAppError(
      beginShopConversion(t.db, shop.ownerActor, { slug: shop.slug, couponIds: chosen, ip: null }),
      "COUPON_NOT_ACTIVE",
    );
    expect(await convertAll(merchant, shop.ownerActor, shop.slug)).toEqual({
      converted: 2,
      totalMinor: 200n,
    });
    await expectAppError(convertAll(merchant, shop.ownerActor, shop.slug), "VALIDATION_FAILED");
    const [converted] = await t.db
      .select()
      .from(coupons)
      .where(eq(coupons.id, chosen[0] as string));
    expect(converted?.status).toBe("converted");
    expect(await verifyCouponHistory(t.db, chosen[0] as string)).toEqual({ ok: true, problems: [] });
    await expectLedgerClean(t.db);
  });
});
