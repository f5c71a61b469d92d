/**
 * An offer past its expiry is over for every read that shows it, before the expire-transfers job (every 15 s) has
 * closed it: the giver's wallet and coupon page show the coupon ready again, never "Offered" beside it; the
 * recipient no longer sees it as theirs to accept; a shop's check finds no pending offer. After the job runs, every
 * read says the same.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { coupons, transfers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { checkCoupon } from "../../lib/coupons/check-coupon";
import { couponTokenOf } from "../../lib/coupons/get-coupon-token";
import { expireTransfers } from "../../lib/transfers/expire-transfers";
import { getCouponPage } from "../../lib/wallet/get-coupon-page";
import { getWalletOverview } from "../../lib/wallet/get-wallet-overview";
import { listCouponHistory } from "../../lib/wallet/list-coupon-history";
import {
  actorOf,
  createUsers,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";

let t: TestDatabase;
beforeEach(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterEach(async () => {
  await t?.destroy();
});

/** Everything the giver and the recipient are shown about the coupon, read at `now`. */
async function readsAt(giver: TestUser, recipient: TestUser, couponId: string, now: Date) {
  const [giverHome, recipientHome, giverPage, recipientPage, history] = await Promise.all([
    getWalletOverview(t.db, giver.partyId, now),
    getWalletOverview(t.db, recipient.partyId, now),
    getCouponPage(t.db, actorOf(giver), { couponId }, now),
    getCouponPage(t.db, actorOf(recipient), { couponId }, now),
    listCouponHistory(t.db, actorOf(giver), {}, now),
  ]);
  const [row] = await t.db.select().from(coupons).where(eq(coupons.id, couponId));
  if (!row) throw new Error("coupon missing");
  const check = await checkCoupon(t.db, couponTokenOf(row), now);
  return {
    giverCoupon: giverHome.coupons.find((coupon) => coupon.id === couponId)?.status,
    giverBalance: giverHome.balances.map((b) => [b.spendableMinor, b.pendingOutMinor]),
    recipientOffers: recipientHome.incomingOffers.length,
    recipientPendingIn: recipientHome.balances.map((b) => b.pendingInMinor),
    giverPage: { status: giverPage.status, pending: giverPage.pendingTransfer !== null },
    recipientPage: { status: recipientPage.status, pending: recipientPage.pendingTransfer !== null },
    history: history.coupons.find((item) => item.id === couponId)?.status,
    shopCheck: { status: check.live?.status, pending: check.live?.pendingTransfer !== null },
  };
}

describe("an offer whose expiry has passed but the job has not run", () => {
  it("reads as over everywhere, exactly as after the job", async () => {
    const [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });
    const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId }, expiresAt);

    // A second before the expiry the offer is waiting, and everyone sees it so.
    expect(await readsAt(alice, bob, coupon.id, new Date(expiresAt.getTime() - 1000))).toEqual({
      giverCoupon: "offered",
      giverBalance: [[0n, 1000n]],
      recipientOffers: 1,
      recipientPendingIn: [1000n],
      giverPage: { status: "offered", pending: true },
      recipientPage: { status: "offered", pending: true },
      history: "offered",
      shopCheck: { status: "offered", pending: true },
    });

    // At the expiry (expires_at <= now) it is over, though the job has not closed it yet.
    const lapsed = await readsAt(alice, bob, coupon.id, expiresAt);
    const [stored] = await t.db.select().from(transfers).where(eq(transfers.id, offer.transferId));
    expect(stored?.status).toBe("pending");
    expect(lapsed).toEqual({
      giverCoupon: "active",
      giverBalance: [[1000n, 0n]],
      recipientOffers: 0,
      recipientPendingIn: [],
      giverPage: { status: "active", pending: false },
      recipientPage: { status: "elsewhere", pending: false },
      history: "ready",
      shopCheck: { status: "active", pending: false },
    });

    // The job then closes it, and no read changes its answer.
    expect(await expireTransfers(t.db, expiresAt)).toEqual({ expired: 1 });
    expect(await readsAt(alice, bob, coupon.id, expiresAt)).toEqual(lapsed);
    await expectLedgerClean(t.db);
  });
});
