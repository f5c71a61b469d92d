import { describe, expect, it } from "vitest";
import { findCouponHistory } from "../../lib/coupons/find-coupon-history";
import type { CouponView } from "../../lib/coupons/lock-coupon";
import { splitCoupon } from "../../lib/coupons/split-coupon";
import { getCouponLiveStatus, getCouponPage } from "../../lib/wallet/get-coupon-page";
import {
  actorOf,
  couponTestDatabaseForFile,
  giveTestCoupon,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";

// A party that no longer holds a coupon sees its history up to and including the event where the coupon left
// it, never who held it afterwards; the holder (and the named recipient of its pending offer) sees it all.
const t = couponTestDatabaseForFile();

/** Everything the wallet page's loader hands the page, as text, to search for names that must not be there. */
const pageText = async (viewer: TestUser, couponId: string) =>
  JSON.stringify(await getCouponPage(t.db, actorOf(viewer), { couponId }), (_key, value) =>
    typeof value === "bigint" ? value.toString() : value,
  );

/** Alice requests a coupon, gives it to Bob, Bob gives it to Carol, Carol offers it to Dave (pending). */
async function passedAlong() {
  const [alice, bob, carol, dave] = [
    await createTestUser(t.db),
    await createTestUser(t.db),
    await createTestUser(t.db),
    await createTestUser(t.db),
  ];
  const coupon = await issueTestCoupon(t.db, alice);
  await giveTestCoupon(t.db, alice, bob, coupon);
  await giveTestCoupon(t.db, bob, carol, { id: coupon.id, version: 2 });
  const offer = await offerTestCoupon(t.db, carol, { id: coupon.id, version: 3 }, { partyId: dave.partyId });
  return { alice, bob, carol, dave, couponId: coupon.id, offer };
}

describe("a coupon's history as each party sees it", () => {
  it("shows a past holder the history up to where the coupon left them, and no later holder", async () => {
    const { alice, bob, carol, dave, couponId } = await passedAlong();

    const forAlice = await getCouponPage(t.db, actorOf(alice), { couponId });
    expect(forAlice.viewerIsOwner).toBe(false);
    expect(forAlice.timeline.map((entry) => [entry.kind, entry.version])).toEqual([
      ["issued", 1],
      ["offered", 1],
      ["accepted", 2],
    ]);
    expect(forAlice.timeline.at(-1)?.toName).toBe(bob.handle);
    expect(forAlice.ownerName).toBe(bob.handle);
    expect(forAlice.version).toBe(2);
    expect(forAlice.pendingTransfer).toBeNull();
    const aliceText = await pageText(alice, couponId);
    expect(aliceText).not.toContain(carol.handle);
    expect(aliceText).not.toContain(dave.handle);

    const forBob = await getCouponPage(t.db, actorOf(bob), { couponId });
    expect(forBob.timeline.at(-1)).toMatchObject({
      kind: "accepted",
      fromName: bob.handle,
      toName: carol.handle,
    });
    // Bob saw Alice when he held it: earlier holders stay visible to him.
    expect(forBob.timeline.some((entry) => entry.fromName === alice.handle)).toBe(true);
    expect(forBob.ownerName).toBe(carol.handle);
    expect(forBob.pendingTransfer).toBeNull();
    expect(await pageText(bob, couponId)).not.toContain(dave.handle);

    // The live status a past holder polls moves no further than their own history either.
    const live = await getCouponLiveStatus(t.db, actorOf(alice), { couponId });
    expect(live).toMatchObject({ version: 2, ownerIsViewer: false, pendingTransferId: null });
    expect(live.lastEventSeq).toBe(forAlice.timeline.at(-1)?.seq);
  });

  it("shows the holder and the named recipient of the pending offer everything up to now", async () => {
    const { alice, bob, carol, dave, couponId, offer } = await passedAlong();
    const forCarol = await getCouponPage(t.db, actorOf(carol), { couponId });
    expect(forCarol.viewerIsOwner).toBe(true);
    expect(forCarol.timeline.map((entry) => entry.kind)).toEqual([
      "issued",
      "offered",
      "accepted",
      "offered",
      "accepted",
      "offered",
    ]);
    expect(forCarol.pendingTransfer).toMatchObject({
      id: offer.transferId,
      toName: dave.handle,
      fromViewer: true,
    });
    const forDave = await getCouponPage(t.db, actorOf(dave), { couponId });
    expect(forDave.timeline).toHaveLength(6);
    expect(forDave.ownerName).toBe(carol.handle);
    expect(forDave.pendingTransfer?.fromViewer).toBe(false);
    const admin = await createTestUser(t.db, { isAdmin: true });
    const history = await findCouponHistory(t.db, actorOf(admin, { isAdmin: true }), couponId);
    expect(history.events.map((event) => event.toName)).toContain(dave.handle);
    expect(history.events.map((event) => event.fromName)).toContain(alice.handle);
    expect(history.events.some((event) => event.toName === bob.handle)).toBe(true);
  });
});

/** Alice splits €20.00 into €5.00 + €15.00 and gives the €5.00 to Bob; Bob splits it into €2.00 + €3.00, gives Carol the €2.00. */
async function splitAndPassed() {
  const [alice, bob, carol] = [
    await createTestUser(t.db),
    await createTestUser(t.db),
    await createTestUser(t.db),
  ];
  const parent = await issueTestCoupon(t.db, alice, { amountMinor: 2000n });
  const first = await splitCoupon(t.db, actorOf(alice), {
    couponId: parent.id,
    version: 1,
    amountsMinor: [500n, 1500n],
  });
  const [five, fifteen] = first.children as [CouponView, CouponView];
  await giveTestCoupon(t.db, alice, bob, { id: five.id, version: 1 });
  const second = await splitCoupon(t.db, actorOf(bob), {
    couponId: five.id,
    version: 2,
    amountsMinor: [200n, 300n],
  });
  const [two, three] = second.children as [CouponView, CouponView];
  await giveTestCoupon(t.db, bob, carol, { id: two.id, version: 1 });
  return {
    alice,
    bob,
    carol,
    parent: parent.id,
    five: five.id,
    fifteen: fifteen.id,
    two: two.id,
    three: three.id,
  };
}

describe("a split's links to its pieces and back", () => {
  it("links the splitter to every piece with what became of it while they held it, and each piece back", async () => {
    const s = await splitAndPassed();
    const forAlice = await getCouponPage(t.db, actorOf(s.alice), { couponId: s.parent });
    expect(forAlice.links.pieces).toEqual([
      { id: s.five, amountMinor: 500n, currency: "EUR", fate: { kind: "given", toName: s.bob.handle } },
      { id: s.fifteen, amountMinor: 1500n, currency: "EUR", fate: { kind: "kept" } },
    ]);
    const fifteen = await getCouponPage(t.db, actorOf(s.alice), { couponId: s.fifteen });
    expect(fifteen.links.splitFrom).toEqual({ id: s.parent, amountMinor: 2000n, currency: "EUR" });
    const forBob = await getCouponPage(t.db, actorOf(s.bob), { couponId: s.five });
    expect(forBob.links.pieces.map((piece) => [piece.id, piece.fate])).toEqual([
      [s.two, { kind: "given", toName: s.carol.handle }],
      [s.three, { kind: "kept" }],
    ]);
    expect((await getCouponPage(t.db, actorOf(s.bob), { couponId: s.two })).links.splitFrom?.id).toBe(s.five);
  });

  it("never links to or names a piece or parent the viewer did not hold", async () => {
    const s = await splitAndPassed();
    // Alice gave the €5.00 away before Bob split it: his pieces are none of her business.
    const aliceOnFive = await getCouponPage(t.db, actorOf(s.alice), { couponId: s.five });
    expect(aliceOnFive.links.pieces).toEqual([]);
    const aliceText = await pageText(s.alice, s.five);
    for (const hidden of [s.two, s.three, s.carol.handle]) expect(aliceText).not.toContain(hidden);
    // Bob never held Alice's €20.00, Carol never held Bob's €5.00.
    const bobOnFive = await getCouponPage(t.db, actorOf(s.bob), { couponId: s.five });
    expect(bobOnFive.links.splitFrom).toBeNull();
    expect(await pageText(s.bob, s.five)).not.toContain(s.parent);
    const carolOnTwo = await getCouponPage(t.db, actorOf(s.carol), { couponId: s.two });
    expect(carolOnTwo.links).toMatchObject({ splitFrom: null, pieces: [], changeOf: null, refundOf: null });
    const carolText = await pageText(s.carol, s.two);
    for (const hidden of [s.five, s.three, s.parent]) expect(carolText).not.toContain(hidden);
  });
});
