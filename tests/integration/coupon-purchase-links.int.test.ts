import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { CouponView } from "../../lib/coupons/lock-coupon";
import { splitCoupon } from "../../lib/coupons/split-coupon";
import { beginRefund } from "../../lib/orders/begin-refund";
import { completeRefund } from "../../lib/orders/complete-refund";
import { getBuyerReceipt } from "../../lib/orders/get-buyer-receipt";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { getCouponPage } from "../../lib/wallet/get-coupon-page";
import { getWalletOverview } from "../../lib/wallet/get-wallet-overview";
import { listCouponHistory } from "../../lib/wallet/list-coupon-history";
import {
  actorOf,
  authorizeAccept,
  couponTestDatabaseForFile,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";
import { checkoutWith, createShopWithProducts, memberActor } from "../support/shop-fixtures";

const t = couponTestDatabaseForFile();

/** Alice pays €3.50 at a shop with a €10.00 coupon: it is split into €3.50 (paid) and €6.50 (change). */
async function purchaseWithChange() {
  const alice = await createTestUser(t.db);
  const merchant = await createTestUser(t.db);
  const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 350n, name: "Flat white" }]);
  const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });
  const order = await checkoutWith(t.db, alice, {
    slug: shop.slug,
    lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
    couponIds: [coupon.id],
  });
  const changeId = order.changeCouponIds[0] as string;
  const receipt = await getBuyerReceipt(t.db, actorOf(alice), order.orderId);
  const payingId = receipt.payments[0]?.couponId as string;
  const shopName = receipt.shopName;
  return { alice, merchant, shop, shopName, coupon, order, changeId, payingId, paidAt: receipt.paidAt };
}

const changeLinkOf = async (couponId: string) =>
  (
    await t.db.execute<{ change_order_id: string | null }>(
      sql`select change_order_id from coupons where id = ${couponId}`,
    )
  )[0]?.change_order_id;

describe("the change of a purchase", () => {
  it("records its order in the checkout and links both ways: change → purchase, receipt → change", async () => {
    const s = await purchaseWithChange();
    expect(await changeLinkOf(s.changeId)).toBe(s.order.orderId);
    expect(await changeLinkOf(s.payingId)).toBeNull();

    const change = await getCouponPage(t.db, actorOf(s.alice), { couponId: s.changeId });
    expect(change.links.changeOf).toEqual({
      orderId: s.order.orderId,
      shopName: s.shopName,
      paidAt: s.paidAt,
    });
    expect(change.links.splitFrom).toEqual({ id: s.coupon.id, amountMinor: 1000n, currency: "EUR" });
    const paying = await getCouponPage(t.db, actorOf(s.alice), { couponId: s.payingId });
    expect(paying.links.changeOf).toBeNull();

    const receipt = await getBuyerReceipt(t.db, actorOf(s.alice), s.order.orderId);
    expect(receipt.change).toEqual([{ couponId: s.changeId, amountMinor: 650n }]);
    const history = await listCouponHistory(t.db, actorOf(s.alice));
    expect(history.coupons.find((coupon) => coupon.id === s.changeId)).toMatchObject({
      orderId: s.order.orderId,
      orderRole: "change",
      orderShopName: s.shopName,
      orderPaidAt: s.paidAt,
    });
    await expectLedgerClean(t.db);
  });

  it("is no change when a piece the buyer split off by hand pays a purchase exactly (the old guess said it was)", async () => {
    const s = await purchaseWithChange();
    const other = await issueTestCoupon(t.db, s.alice, { amountMinor: 850n });
    const { children } = await splitCoupon(t.db, actorOf(s.alice), {
      couponId: other.id,
      version: 1,
      amountsMinor: [350n, 500n],
    });
    const [exact, kept] = children as [CouponView, CouponView];
    const second = await checkoutWith(t.db, s.alice, {
      slug: s.shop.slug,
      lines: [{ productId: s.shop.productIds[0] as string, quantity: 1 }],
      couponIds: [exact.id],
    });
    expect(second.changeCouponIds).toEqual([]);
    expect(await changeLinkOf(kept.id)).toBeNull();
    expect((await getCouponPage(t.db, actorOf(s.alice), { couponId: kept.id })).links.changeOf).toBeNull();
    expect((await getBuyerReceipt(t.db, actorOf(s.alice), second.orderId)).change).toEqual([]);
    expect((await getBuyerReceipt(t.db, actorOf(s.alice), s.order.orderId)).change).toHaveLength(1);
  });

  it("does not tell a later holder of the change whose purchase it came from", async () => {
    const s = await purchaseWithChange();
    const bob = await createTestUser(t.db);
    await giveTestCoupon(t.db, s.alice, bob, { id: s.changeId, version: 1 });
    const forBob = await getCouponPage(t.db, actorOf(bob), { couponId: s.changeId });
    expect(forBob.links.changeOf).toBeNull();
    expect(forBob.links.splitFrom).toBeNull();
    const text = JSON.stringify(forBob, (_key, value) => (typeof value === "bigint" ? String(value) : value));
    expect(text).not.toContain(s.order.orderId);
    expect(text).not.toContain(s.shopName);
    expect(text).not.toContain(s.coupon.id);
    const bobHistory = await listCouponHistory(t.db, actorOf(bob));
    expect(bobHistory.coupons.find((coupon) => coupon.id === s.changeId)).toMatchObject({
      orderId: null,
      orderRole: null,
    });
  });

  it("is recorded for existing change coupons by migration 0019's backfill", async () => {
    const s = await purchaseWithChange();
    const other = await issueTestCoupon(t.db, s.alice, { amountMinor: 800n });
    const handSplit = await splitCoupon(t.db, actorOf(s.alice), {
      couponId: other.id,
      version: 1,
      amountsMinor: [300n, 500n],
    });
    const migration = readFileSync("db/migrations/0019_change_coupon_order.sql", "utf8");
    const backfill = migration.split("--> statement-breakpoint").at(-1) as string;
    expect(backfill).toContain('UPDATE "coupons"');
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update coupons set change_order_id = null where id = ${s.changeId}`);
      await tx.execute(sql.raw(backfill));
    });
    expect(await changeLinkOf(s.changeId)).toBe(s.order.orderId);
    expect(await changeLinkOf(s.payingId)).toBeNull();
    for (const child of handSplit.children) expect(await changeLinkOf(child.id)).toBeNull();
  });
});

describe("a refund offer", () => {
  it("names the purchase it refunds on the wallet home and the coupon page, only while it is offered", async () => {
    const s = await purchaseWithChange();
    const owner = memberActor(s.merchant, { [s.shop.shopId]: "owner" });
    const input = { slug: s.shop.slug, orderId: s.order.orderId, amountMinor: 350n, ip: null };
    const draft = await beginRefund(t.db, owner, input);
    const authorization = s.merchant.authenticator.createAssertion(draft.options.challenge);
    const { transferIds } = await completeRefund(t.db, owner, { ...input, authorization });
    const purchase = { orderId: s.order.orderId, shopName: s.shopName, paidAt: s.paidAt };

    const home = await getWalletOverview(t.db, s.alice.partyId);
    expect(home.incomingOffers).toEqual([expect.objectContaining({ refundOf: purchase })]);
    const offer = home.incomingOffers[0];
    const page = await getCouponPage(t.db, actorOf(s.alice), { couponId: offer?.couponId as string });
    expect(page.links.refundOf).toEqual(purchase);

    const accept = await authorizeAccept(t.db, s.alice, {
      transferId: transferIds[0] as string,
      couponId: page.id,
      version: page.version,
    });
    await acceptTransfer(t.db, actorOf(s.alice), {
      transferId: transferIds[0] as string,
      authorization: accept,
    });
    const accepted = await getCouponPage(t.db, actorOf(s.alice), { couponId: offer?.couponId as string });
    expect(accepted.links.refundOf).toBeNull();
    expect((await getWalletOverview(t.db, s.alice.partyId)).incomingOffers).toEqual([]);
    await expectLedgerClean(t.db);
  });

  it("names no purchase on an offer between people", async () => {
    const alice = await createTestUser(t.db);
    const bob = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, bob, { amountMinor: 200n });
    await offerTestCoupon(t.db, bob, coupon, { partyId: alice.partyId });
    const home = await getWalletOverview(t.db, alice.partyId);
    expect(home.incomingOffers).toEqual([expect.objectContaining({ couponId: coupon.id, refundOf: null })]);
    const page = await getCouponPage(t.db, actorOf(alice), { couponId: coupon.id });
    expect(page.links.refundOf).toBeNull();
  });
});
