import { describe, expect, it } from "vitest";
import { convertCoupon } from "../../lib/coupons/convert-coupon";
import { convertOperation } from "../../lib/coupons/operations";
import { beginRefund } from "../../lib/orders/begin-refund";
import { completeRefund } from "../../lib/orders/complete-refund";
import { getBuyerReceipt } from "../../lib/orders/get-buyer-receipt";
import { listBuyerOrders } from "../../lib/orders/list-buyer-orders";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { historyPageSize, listCouponHistory } from "../../lib/wallet/list-coupon-history";
import {
  actorOf,
  authorize,
  authorizeAccept,
  couponTestDatabaseForFile,
  expectAppError,
  giveTestCoupon,
  issueTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { checkoutWith, createShopWithProducts, memberActor } from "../support/shop-fixtures";

const t = couponTestDatabaseForFile();

async function convert(user: TestUser, coupon: { id: string; version: number; amountMinor: bigint }) {
  const operation = convertOperation({
    couponId: coupon.id,
    version: coupon.version,
    amountMinor: coupon.amountMinor,
    currency: "EUR",
  });
  return convertCoupon(t.db, actorOf(user), {
    couponId: coupon.id,
    version: coupon.version,
    authorization: await authorize(t.db, user, operation),
  });
}

/** Alice keeps one coupon, gives one to Bob, spends one at a shop with change, converts one Bob gave her, receives one. */
async function scenario() {
  const alice = await createTestUser(t.db);
  const bob = await createTestUser(t.db);
  const merchant = await createTestUser(t.db);
  const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 350n, name: "Flat white" }]);
  const kept = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });
  const given = await issueTestCoupon(t.db, alice, { amountMinor: 700n });
  await giveTestCoupon(t.db, alice, bob, given);
  const spent = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });
  const order = await checkoutWith(t.db, alice, {
    slug: shop.slug,
    lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
    couponIds: [spent.id],
  });
  const converted = await issueTestCoupon(t.db, bob, { amountMinor: 500n });
  const { version } = await giveTestCoupon(t.db, bob, alice, converted);
  await convert(alice, { ...converted, version });
  const bobs = await issueTestCoupon(t.db, bob, { amountMinor: 900n });
  const received = await issueTestCoupon(t.db, bob, { amountMinor: 1234n });
  await giveTestCoupon(t.db, bob, alice, received);
  return { alice, bob, merchant, shop, kept, given, spent, order, converted, bobs, received };
}

describe("wallet history", () => {
  it("lists every coupon the person ever held, with how it stands for them, and never one they did not hold", async () => {
    const s = await scenario();
    const page = await listCouponHistory(t.db, actorOf(s.alice));
    expect(page.everHeld).toBe(true);
    expect(page.nextCursor).toBeNull();
    const byId = new Map(page.coupons.map((coupon) => [coupon.id, coupon]));
    expect(byId.get(s.kept.id)).toMatchObject({ status: "ready", amountMinor: 1000n, otherPartyName: null });
    expect(byId.get(s.given.id)).toMatchObject({ status: "given_away", otherPartyName: s.bob.handle });
    expect(byId.get(s.spent.id)).toMatchObject({ status: "split" });
    expect(byId.get(s.converted.id)).toMatchObject({ status: "converted" });
    expect(byId.get(s.received.id)).toMatchObject({ status: "ready", otherPartyName: s.bob.handle });
    expect(byId.has(s.bobs.id)).toBe(false);
    const paying = page.coupons.filter((coupon) => coupon.status === "spent");
    expect(paying).toEqual([
      expect.objectContaining({ amountMinor: 350n, orderId: s.order.orderId, orderRole: "paid" }),
    ]);
    const change = page.coupons.find((coupon) => s.order.changeCouponIds.includes(coupon.id));
    expect(change).toMatchObject({
      status: "ready",
      amountMinor: 650n,
      orderId: s.order.orderId,
      orderRole: "change",
    });
    expect(page.coupons).toHaveLength(7);

    const bobPage = await listCouponHistory(t.db, actorOf(s.bob));
    expect(bobPage.coupons.map((coupon) => coupon.id).sort()).toEqual(
      [s.given.id, s.bobs.id, s.received.id, s.converted.id].sort(),
    );
    expect(bobPage.coupons.find((coupon) => coupon.id === s.received.id)).toMatchObject({
      status: "given_away",
      otherPartyName: s.alice.handle,
    });
  });

  it("filters by status and searches by amount or the other party's name", async () => {
    const s = await scenario();
    const ids = async (input: { status?: string; search?: string }) =>
      (await listCouponHistory(t.db, actorOf(s.alice), input)).coupons.map((coupon) => coupon.id).sort();
    expect(await ids({ status: "given_away" })).toEqual([s.given.id]);
    expect(await ids({ status: "converted" })).toEqual([s.converted.id]);
    expect(await ids({ status: "spent" })).toHaveLength(1);
    expect(await ids({ status: "ready" })).toEqual(
      [s.kept.id, s.received.id, ...s.order.changeCouponIds].sort(),
    );
    expect(await ids({ status: "revoked" })).toEqual([]);
    expect(await ids({ search: "12.34" })).toEqual([s.received.id]);
    expect(await ids({ search: "€7" })).toEqual([s.given.id]);
    expect(await ids({ search: s.bob.handle.toUpperCase() })).toEqual(
      [s.given.id, s.received.id, s.converted.id].sort(),
    );
    expect(await ids({ search: "%" })).toEqual([]);
    expect(await ids({ status: "ready", search: s.bob.handle })).toEqual([s.received.id]);
  });

  it("says a newcomer never held any coupon, and refuses a bad filter or page link", async () => {
    const newcomer = await createTestUser(t.db);
    expect(await listCouponHistory(t.db, actorOf(newcomer))).toEqual({
      coupons: [],
      nextCursor: null,
      everHeld: false,
    });
    await expectAppError(
      listCouponHistory(t.db, actorOf(newcomer), { status: "stolen" }),
      "VALIDATION_FAILED",
    );
    await expectAppError(listCouponHistory(t.db, actorOf(newcomer), { cursor: "!!" }), "VALIDATION_FAILED");
    await expectAppError(
      listCouponHistory(t.db, actorOf(newcomer), { search: "x".repeat(61) }),
      "VALIDATION_FAILED",
    );
  });
});

describe("wallet history pages", () => {
  it("pages by keyset without repeats or gaps, and only a person has a wallet history", async () => {
    const holder = await createTestUser(t.db);
    const issued: string[] = [];
    for (let index = 0; index < historyPageSize + 1; index++) {
      issued.push((await issueTestCoupon(t.db, holder, { amountMinor: BigInt(100 + index) })).id);
    }
    const first = await listCouponHistory(t.db, actorOf(holder));
    expect(first.coupons).toHaveLength(historyPageSize);
    expect(first.nextCursor).not.toBeNull();
    const second = await listCouponHistory(t.db, actorOf(holder), { cursor: first.nextCursor });
    expect(second.coupons).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const seen = [...first.coupons, ...second.coupons].map((coupon) => coupon.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...issued].sort());

    const shop = { kind: "shop" as const, shopId: "shp_x", partyId: holder.partyId };
    await expectAppError(listCouponHistory(t.db, shop), "FORBIDDEN");
    await expectAppError(listBuyerOrders(t.db, shop), "FORBIDDEN");
  });
});

describe("my orders", () => {
  it("lists the buyer's purchases and shows the receipt with items, coupons used and change; others get nothing", async () => {
    const s = await scenario();
    const mine = await listBuyerOrders(t.db, actorOf(s.alice));
    expect(mine).toEqual({
      orders: [
        expect.objectContaining({ id: s.order.orderId, totalMinor: 350n, currency: "EUR", itemCount: 1 }),
      ],
      nextCursor: null,
    });
    const receipt = await getBuyerReceipt(t.db, actorOf(s.alice), s.order.orderId);
    expect(receipt.lines).toEqual([expect.objectContaining({ name: "Flat white", quantity: 1 })]);
    expect(receipt.payments).toEqual([expect.objectContaining({ amountMinor: 350n })]);
    expect(receipt.change).toEqual([{ couponId: s.order.changeCouponIds[0], amountMinor: 650n }]);
    expect(receipt.refunds).toEqual([]);

    expect(await listBuyerOrders(t.db, actorOf(s.bob))).toEqual({ orders: [], nextCursor: null });
    await expectAppError(getBuyerReceipt(t.db, actorOf(s.bob), s.order.orderId), "NOT_FOUND");
    await expectAppError(getBuyerReceipt(t.db, actorOf(s.bob), "order_nope"), "NOT_FOUND");
  });

  it("shows a refund on the receipt and marks the coupon given back as a refund of that purchase", async () => {
    const s = await scenario();
    const owner = memberActor(s.merchant, { [s.shop.shopId]: "owner" });
    const input = { slug: s.shop.slug, orderId: s.order.orderId, amountMinor: 350n, ip: null };
    const draft = await beginRefund(t.db, owner, input);
    const authorization = s.merchant.authenticator.createAssertion(draft.options.challenge);
    const { transferIds } = await completeRefund(t.db, owner, { ...input, authorization });
    const history = await listCouponHistory(t.db, actorOf(s.alice), { status: "spent" });
    const paid = history.coupons[0];
    expect(paid).toBeDefined();
    for (const transferId of transferIds) {
      const accept = await authorizeAccept(t.db, s.alice, {
        transferId,
        couponId: paid?.id as string,
        version: 2,
      });
      await acceptTransfer(t.db, actorOf(s.alice), { transferId, authorization: accept });
    }
    const receipt = await getBuyerReceipt(t.db, actorOf(s.alice), s.order.orderId);
    expect(receipt.status).toBe("refunded");
    expect(receipt.refunds).toEqual([expect.objectContaining({ amountMinor: 350n })]);
    const after = await listCouponHistory(t.db, actorOf(s.alice));
    expect(after.coupons.find((coupon) => coupon.id === paid?.id)).toMatchObject({
      status: "ready",
      orderId: s.order.orderId,
      orderRole: "refund",
    });
    expect(await listCouponHistory(t.db, actorOf(s.alice), { status: "spent" })).toMatchObject({
      coupons: [],
    });
  });
});
