import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, coupons, transfers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { convertCoupon } from "../../lib/coupons/convert-coupon";
import { expireCoupons } from "../../lib/coupons/expire-coupons";
import { convertOperation } from "../../lib/coupons/operations";
import { revokeCoupon } from "../../lib/coupons/revoke-coupon";
import { splitCoupon } from "../../lib/coupons/split-coupon";
import { voidCoupon } from "../../lib/coupons/void-coupon";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import {
  actorOf,
  authorize,
  authorizeAccept,
  backdateCoupon,
  balanceOf,
  createUsers,
  expectAppError,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
  offerTestCoupon,
  setupCouponEnvironment,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { shopActorFixture } from "../support/shop-actor";

let t: TestDatabase;
let alice: TestUser;
let bob: TestUser;
let admin: TestUser;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
  admin = await createTestUser(t.db, { isAdmin: true });
});
afterAll(async () => {
  await t?.destroy();
});

const adminActor = () => actorOf(admin, { isAdmin: true });
async function couponRow(id: string) {
  const [row] = await t.db.select().from(coupons).where(eq(coupons.id, id));
  return row!;
}
async function convertAs(user: TestUser, coupon: { id: string; version: number; amountMinor: bigint }) {
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
/** A coupon alice requested and bob now holds (funded, version 2). */
async function fundedForBob(amountMinor = 1000n) {
  const coupon = await issueTestCoupon(t.db, alice, { amountMinor });
  await giveTestCoupon(t.db, alice, bob, coupon);
  return { ...coupon, version: 2 };
}

describe("convert", () => {
  it("the holder converts a funded coupon: conversion posting to them, status converted, once", async () => {
    const coupon = await fundedForBob(1500n);
    const outstanding = await balanceOf(t.db, "issuer_outstanding", null);
    await expectAppError(convertAs(alice, coupon), "NOT_FOUND");
    await expectAppError(convertAs(bob, { ...coupon, version: 1 }), "VERSION_CONFLICT");
    await convertAs(bob, coupon);
    expect((await couponRow(coupon.id)).status).toBe("converted");
    expect(await balanceOf(t.db, "party", bob.partyId)).toBe(-1500n);
    expect(await balanceOf(t.db, "issuer_outstanding", null)).toBe(outstanding + 1500n);
    await expectAppError(convertAs(bob, coupon), "COUPON_NOT_ACTIVE");
    expect(await verifyCouponHistory(t.db, coupon.id)).toEqual({ ok: true, problems: [] });
  });

  it("refuses an unfunded coupon and an offered one; converts an expired funded one", async () => {
    const unfunded = await issueTestCoupon(t.db, alice);
    await expectAppError(convertAs(alice, unfunded), "COUPON_NOT_FUNDED");
    const offered = await fundedForBob();
    await offerTestCoupon(t.db, bob, offered, { partyId: alice.partyId });
    await expectAppError(convertAs(bob, offered), "COUPON_NOT_ACTIVE");

    const expiring = await fundedForBob(300n);
    await backdateCoupon(t.sql, expiring.id);
    expect((await expireCoupons(t.db)).expired).toBeGreaterThanOrEqual(1);
    expect((await couponRow(expiring.id)).status).toBe("expired");
    await convertAs(bob, expiring);
    expect((await couponRow(expiring.id)).status).toBe("converted");
  });

  it("lets a shop with shop.coupons.convert convert coupons it holds, without a passkey", async () => {
    const shop = await shopActorFixture(t.db);
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 400n });
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: shop.partyId });
    await acceptTransfer(t.db, shop, { transferId: offer.transferId });
    expect(await couponRow(coupon.id)).toMatchObject({ ownerPartyId: shop.partyId, version: 2 });
    await convertCoupon(t.db, shop, { couponId: coupon.id, version: 2 });
    expect(await balanceOf(t.db, "party", shop.partyId)).toBe(-400n);
    const unscoped = await shopActorFixture(t.db, { scopes: ["shop.read"] });
    const other = await issueTestCoupon(t.db, alice, { amountMinor: 300n });
    const offerToShop = await offerTestCoupon(t.db, alice, other, { partyId: unscoped.partyId });
    await acceptTransfer(t.db, unscoped, { transferId: offerToShop.transferId });
    await expectAppError(convertCoupon(t.db, unscoped, { couponId: other.id, version: 2 }), "FORBIDDEN");
    expect(await verifyCouponHistory(t.db, coupon.id)).toEqual({ ok: true, problems: [] });
  });
});

describe("split", () => {
  it("splits into children that sum to the parent and inherit requester, funding and expiry", async () => {
    const parent = await fundedForBob(1000n);
    const result = await splitCoupon(t.db, actorOf(bob), {
      couponId: parent.id,
      version: 2,
      amountsMinor: [600n, "400"],
    });
    expect(result.children.map((child) => child.amountMinor)).toEqual([600n, 400n]);
    const parentRow = await couponRow(parent.id);
    expect(parentRow.status).toBe("split");
    for (const child of result.children) {
      expect(child).toMatchObject({
        ownerPartyId: bob.partyId,
        requesterPartyId: alice.partyId,
        funded: true,
        version: 1,
        parentId: parent.id,
      });
      expect(child.expiresAt).toEqual(parentRow.expiresAt);
      expect(await verifyCouponHistory(t.db, child.id)).toEqual({ ok: true, problems: [] });
    }
    expect(await verifyCouponHistory(t.db, parent.id)).toEqual({ ok: true, problems: [] });
    // A child can be paid onward and converted; the parent cannot be used again.
    await convertAs(bob, { ...result.children[0]!, version: 1 });
    await expectAppError(
      splitCoupon(t.db, actorOf(bob), { couponId: parent.id, version: 2, amountsMinor: [500n, 500n] }),
      "COUPON_NOT_ACTIVE",
    );
  });

  it("refuses parts that do not sum, too few or too many parts, zero parts, a non-owner and a stale version", async () => {
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });
    const before = await snapshotCouponData(t.db);
    const split = (user: TestUser, amountsMinor: unknown, version = 1) =>
      splitCoupon(t.db, actorOf(user), { couponId: coupon.id, version, amountsMinor });
    await expectAppError(split(alice, [600n, 300n]), "SPLIT_INVALID");
    await expectAppError(split(alice, [1000n]), "SPLIT_INVALID");
    await expectAppError(split(alice, Array(11).fill(1n)), "SPLIT_INVALID");
    await expectAppError(split(alice, [1000n, 0n]), "INVALID_AMOUNT");
    await expectAppError(split(alice, [1100n, -100n]), "INVALID_AMOUNT");
    await expectAppError(split(bob, [500n, 500n]), "NOT_FOUND");
    await expectAppError(split(alice, [500n, 500n], 2), "VERSION_CONFLICT");
    await expectAppError(
      splitCoupon(t.db, systemActor("x"), { couponId: coupon.id, version: 1, amountsMinor: [500n, 500n] }),
      "FORBIDDEN",
    );
    expect(await snapshotCouponData(t.db)).toEqual(before);
  });
});

describe("void", () => {
  it("the requester voids an unfunded, never-transferred coupon; nothing else can be voided", async () => {
    const coupon = await issueTestCoupon(t.db, alice);
    await expectAppError(voidCoupon(t.db, actorOf(bob), { couponId: coupon.id }), "NOT_FOUND");
    await voidCoupon(t.db, actorOf(alice), { couponId: coupon.id });
    expect((await couponRow(coupon.id)).status).toBe("void");
    await expectAppError(voidCoupon(t.db, actorOf(alice), { couponId: coupon.id }), "COUPON_NOT_ACTIVE");
    expect(await verifyCouponHistory(t.db, coupon.id)).toEqual({ ok: true, problems: [] });

    const given = await fundedForBob();
    await expectAppError(voidCoupon(t.db, actorOf(alice), { couponId: given.id }), "NOT_FOUND");
    // Given back to alice: funded and transferred, so it cannot be voided.
    await giveTestCoupon(t.db, bob, alice, given);
    await expectAppError(voidCoupon(t.db, actorOf(alice), { couponId: given.id }), "COUPON_FUNDED");
    const offered = await issueTestCoupon(t.db, alice);
    await offerTestCoupon(t.db, alice, offered, { partyId: bob.partyId });
    await expectAppError(voidCoupon(t.db, actorOf(alice), { couponId: offered.id }), "COUPON_NOT_ACTIVE");
  });
});

describe("revoke", () => {
  it("admin only, with a reason; a funded coupon is converted to its holder first; a pending offer is cancelled", async () => {
    const coupon = await fundedForBob(800n);
    const offer = await offerTestCoupon(t.db, bob, coupon, { partyId: alice.partyId });
    await expectAppError(
      revokeCoupon(t.db, actorOf(bob), { couponId: coupon.id, reason: "mine" }),
      "FORBIDDEN",
    );
    await expectAppError(
      revokeCoupon(t.db, adminActor(), { couponId: coupon.id, reason: "" }),
      "VALIDATION_FAILED",
    );
    const bobBefore = await balanceOf(t.db, "party", bob.partyId);
    const result = await revokeCoupon(t.db, adminActor(), { couponId: coupon.id, reason: "fraud report" });
    expect(result.convertedPostingId).toMatch(/^pst_/);
    expect((await couponRow(coupon.id)).status).toBe("revoked");
    expect(await balanceOf(t.db, "party", bob.partyId)).toBe(bobBefore - 800n);
    const [transfer] = await t.db.select().from(transfers).where(eq(transfers.id, offer.transferId));
    expect(transfer?.status).toBe("cancelled");
    await expectAppError(
      acceptTransfer(t.db, actorOf(alice), {
        transferId: offer.transferId,
        authorization: await authorizeAccept(t.db, alice, offer),
      }),
      "TRANSFER_NOT_PENDING",
    );
    await expectAppError(
      revokeCoupon(t.db, adminActor(), { couponId: coupon.id, reason: "again" }),
      "COUPON_NOT_ACTIVE",
    );
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, coupon.id));
    expect(audit).toMatchObject([{ action: "coupon.revoked", reason: "fraud report" }]);
    expect(await verifyCouponHistory(t.db, coupon.id)).toEqual({ ok: true, problems: [] });

    const unfunded = await issueTestCoupon(t.db, alice);
    expect(
      (await revokeCoupon(t.db, adminActor(), { couponId: unfunded.id, reason: "test" })).convertedPostingId,
    ).toBeNull();
  });
});

describe("expiry", () => {
  it("expires due coupons in bounded batches, expiring their pending offers; expired coupons cannot move", async () => {
    const offered = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, offered, { partyId: bob.partyId });
    const plain = await issueTestCoupon(t.db, alice);
    const future = new Date(Date.now() + 400 * 86_400_000);
    expect(await expireCoupons(t.db, future, { batchSize: 1 })).toEqual({ expired: 1 });
    expect((await expireCoupons(t.db, future, { batchSize: 500 })).expired).toBeGreaterThanOrEqual(1);
    expect((await couponRow(offered.id)).status).toBe("expired");
    expect((await couponRow(plain.id)).status).toBe("expired");
    const [transfer] = await t.db.select().from(transfers).where(eq(transfers.id, offer.transferId));
    expect(transfer?.status).toBe("expired");
    await expectAppError(
      acceptTransfer(t.db, actorOf(bob), {
        transferId: offer.transferId,
        authorization: await authorizeAccept(t.db, bob, offer),
      }),
      "TRANSFER_NOT_PENDING",
    );
    await expectAppError(
      splitCoupon(t.db, actorOf(alice), { couponId: plain.id, version: 1, amountsMinor: [500n, 500n] }),
      "COUPON_NOT_ACTIVE",
    );
    await expectAppError(voidCoupon(t.db, actorOf(alice), { couponId: plain.id }), "COUPON_NOT_ACTIVE");
    expect(await verifyCouponHistory(t.db, offered.id)).toEqual({ ok: true, problems: [] });
  });

  it("refuses to offer, split or accept a coupon past its expiry even before the batch marks it", async () => {
    const coupon = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    await backdateCoupon(t.sql, coupon.id);
    await expectAppError(
      acceptTransfer(t.db, actorOf(bob), {
        transferId: offer.transferId,
        authorization: await authorizeAccept(t.db, bob, offer),
      }),
      "COUPON_EXPIRED",
    );
    const other = await issueTestCoupon(t.db, alice);
    await backdateCoupon(t.sql, other.id);
    await expectAppError(
      splitCoupon(t.db, actorOf(alice), { couponId: other.id, version: 1, amountsMinor: [500n, 500n] }),
      "COUPON_EXPIRED",
    );
    await expectAppError(offerTestCoupon(t.db, alice, other, { partyId: bob.partyId }), "COUPON_EXPIRED");
  });

  it("ends with a clean ledger", async () => {
    await expireCoupons(t.db, new Date(Date.now() + 400 * 86_400_000), { batchSize: 500 });
    await expectLedgerClean(t.db);
  });
});
