import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons, transfers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { cancelTransfer } from "../../lib/transfers/cancel-transfer";
import { declineTransfer } from "../../lib/transfers/decline-transfer";
import { expireTransfers } from "../../lib/transfers/expire-transfers";
import { offerTransfer } from "../../lib/transfers/offer-transfer";
import { prepareOffer } from "../../lib/transfers/prepare-offer";
import {
  actorOf,
  authorize,
  authorizeAccept,
  balanceOf,
  createUsers,
  expectAppError,
  expectLedgerClean,
  inOneDay,
  issueTestCoupon,
  offerTestCoupon,
  setupCouponEnvironment,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";

let t: TestDatabase;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  [alice, bob, carol] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
});
afterAll(async () => {
  await t?.destroy();
});

async function couponRow(id: string) {
  const [row] = await t.db.select().from(coupons).where(eq(coupons.id, id));
  return row!;
}

describe("transfers", () => {
  it("offer → accept moves the owner, bumps the version, funds the coupon once and records a verifiable history", async () => {
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 1250n });
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    expect((await couponRow(coupon.id)).status).toBe("offered");
    const accepted = await acceptTransfer(t.db, actorOf(bob), {
      transferId: offer.transferId,
      authorization: await authorizeAccept(t.db, bob, offer),
    });
    expect(accepted).toMatchObject({ ownerPartyId: bob.partyId, version: 2, funded: true });
    const row = await couponRow(coupon.id);
    expect(row).toMatchObject({ ownerPartyId: bob.partyId, version: 2, status: "active", funded: true });
    expect(await balanceOf(t.db, "party", alice.partyId)).toBe(1250n);

    // Onward to carol: no second funding posting; alice still owes exactly the coupon's value.
    const second = await offerTestCoupon(
      t.db,
      bob,
      { id: coupon.id, version: 2 },
      { partyId: carol.partyId },
    );
    const again = await acceptTransfer(t.db, actorOf(carol), {
      transferId: second.transferId,
      authorization: await authorizeAccept(t.db, carol, second),
    });
    expect(again).toMatchObject({ version: 3, funded: false });
    expect(await balanceOf(t.db, "party", alice.partyId)).toBe(1250n);
    expect(await verifyCouponHistory(t.db, coupon.id)).toEqual({ ok: true, problems: [] });
  });

  it("accepts an open offer with its claim code, once", async () => {
    const coupon = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, coupon, { open: true });
    expect(offer.claimCode).toMatch(/^scc_/);
    const [stored] = await t.db.select().from(transfers).where(eq(transfers.id, offer.transferId));
    expect(JSON.stringify(stored)).not.toContain(offer.claimCode);
    const authorization = await authorizeAccept(t.db, carol, offer);
    await acceptTransfer(t.db, actorOf(carol), { claimCode: offer.claimCode!, authorization });
    expect((await couponRow(coupon.id)).ownerPartyId).toBe(carol.partyId);
    await expectAppError(
      acceptTransfer(t.db, actorOf(bob), {
        claimCode: offer.claimCode!,
        authorization: await authorizeAccept(t.db, bob, offer),
      }),
      "TRANSFER_NOT_PENDING",
    );
    expect(await verifyCouponHistory(t.db, coupon.id)).toMatchObject({ ok: true });
  });

  it("decline and cancel return the coupon to its owner at the same version; only the right party may", async () => {
    const coupon = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    await expectAppError(
      declineTransfer(t.db, actorOf(carol), { transferId: offer.transferId }),
      "NOT_RECIPIENT",
    );
    await expectAppError(
      declineTransfer(t.db, actorOf(alice), { transferId: offer.transferId }),
      "NOT_RECIPIENT",
    );
    await expectAppError(cancelTransfer(t.db, actorOf(bob), { transferId: offer.transferId }), "NOT_FOUND");
    await expectAppError(
      declineTransfer(t.db, systemActor("test"), { transferId: offer.transferId }),
      "FORBIDDEN",
    );
    await declineTransfer(t.db, actorOf(bob), { transferId: offer.transferId });
    expect(await couponRow(coupon.id)).toMatchObject({
      status: "active",
      version: 1,
      ownerPartyId: alice.partyId,
    });
    await expectAppError(
      declineTransfer(t.db, actorOf(bob), { transferId: offer.transferId }),
      "TRANSFER_NOT_PENDING",
    );
    await expectAppError(
      cancelTransfer(t.db, actorOf(alice), { transferId: offer.transferId }),
      "TRANSFER_NOT_PENDING",
    );
    await expectAppError(
      acceptTransfer(t.db, actorOf(bob), {
        transferId: offer.transferId,
        authorization: await authorizeAccept(t.db, bob, offer),
      }),
      "TRANSFER_NOT_PENDING",
    );

    const second = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    await cancelTransfer(t.db, actorOf(alice), { transferId: second.transferId });
    expect(await couponRow(coupon.id)).toMatchObject({
      status: "active",
      version: 1,
      ownerPartyId: alice.partyId,
    });
    await expectAppError(
      cancelTransfer(t.db, actorOf(alice), { transferId: second.transferId }),
      "TRANSFER_NOT_PENDING",
    );
    expect(await verifyCouponHistory(t.db, coupon.id)).toMatchObject({ ok: true });
  });

  it("refuses offers by a non-owner, at a stale version, of an offered coupon, to oneself, or with a bad expiry", async () => {
    const coupon = await issueTestCoupon(t.db, alice);
    const offerAs = async (
      user: TestUser,
      version: number,
      recipient: { partyId: string },
      expiresAt = inOneDay(),
    ) => {
      const prepared = prepareOffer({ couponId: coupon.id, version, recipient, expiresAt });
      return offerTransfer(t.db, actorOf(user), {
        couponId: coupon.id,
        version,
        recipient,
        expiresAt,
        authorization: await authorize(t.db, user, prepared.operation),
      });
    };
    const before = await snapshotCouponData(t.db);
    await expectAppError(offerAs(bob, 1, { partyId: carol.partyId }), "NOT_FOUND");
    await expectAppError(offerAs(alice, 2, { partyId: bob.partyId }), "VERSION_CONFLICT");
    await expectAppError(offerAs(alice, 1, { partyId: alice.partyId }), "VALIDATION_FAILED");
    await expectAppError(
      offerAs(alice, 1, { partyId: bob.partyId }, new Date(Date.now() + 1000)),
      "VALIDATION_FAILED",
    );
    await expectAppError(
      offerAs(alice, 1, { partyId: bob.partyId }, new Date(Date.now() + 40 * 86_400_000)),
      "VALIDATION_FAILED",
    );
    await expectAppError(offerAs(alice, 1, { partyId: "pty_AAAAAAAAAAAAAAAAAAAAAA" }), "NOT_FOUND");
    expect(await snapshotCouponData(t.db)).toEqual(before);
    await offerAs(alice, 1, { partyId: bob.partyId });
    await expectAppError(offerAs(alice, 1, { partyId: carol.partyId }), "COUPON_NOT_ACTIVE");
  });

  it("refuses accepting by someone else, by the offerer, an open offer without its code, and an expired offer", async () => {
    const coupon = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    await expectAppError(
      acceptTransfer(t.db, actorOf(carol), {
        transferId: offer.transferId,
        authorization: await authorizeAccept(t.db, carol, offer),
      }),
      "NOT_RECIPIENT",
    );
    await expectAppError(
      acceptTransfer(t.db, actorOf(alice), {
        transferId: offer.transferId,
        authorization: await authorizeAccept(t.db, alice, offer),
      }),
      "NOT_RECIPIENT",
    );
    await cancelTransfer(t.db, actorOf(alice), { transferId: offer.transferId });

    const open = await offerTestCoupon(t.db, alice, coupon, { open: true });
    await expectAppError(
      acceptTransfer(t.db, actorOf(bob), {
        transferId: open.transferId,
        authorization: await authorizeAccept(t.db, bob, open),
      }),
      "NOT_RECIPIENT",
    );
    await cancelTransfer(t.db, actorOf(alice), { transferId: open.transferId });

    // An offer whose time is up is refused even before the expiry batch marks it.
    const expiring = await offerTestCoupon(
      t.db,
      alice,
      coupon,
      { partyId: bob.partyId },
      new Date(Date.now() + 61_000),
    );
    await t.sql`update transfers set expires_at = now() - interval '1 second' where id = ${expiring.transferId}`;
    const before = await snapshotCouponData(t.db);
    await expectAppError(
      acceptTransfer(t.db, actorOf(bob), {
        transferId: expiring.transferId,
        authorization: await authorizeAccept(t.db, bob, expiring),
      }),
      "TRANSFER_EXPIRED",
    );
    expect(await snapshotCouponData(t.db)).toEqual(before);
    expect(await expireTransfers(t.db)).toEqual({ expired: 1 });
    const [expired] = await t.db.select().from(transfers).where(eq(transfers.id, expiring.transferId));
    expect(expired?.status).toBe("expired");
    expect(await couponRow(coupon.id)).toMatchObject({ status: "active", version: 1 });
    expect(await expireTransfers(t.db)).toEqual({ expired: 0 });
    // Moving the offer's expiry behind the signer's back is caught: the assertion committed to the original.
    const history = await verifyCouponHistory(t.db, coupon.id);
    expect(history.ok).toBe(false);
    expect(history.problems).toEqual([expect.stringMatching(/offered\): the owner's passkey authorization/)]);
  });

  it("expires due offers in bounded batches, leaving later ones pending", async () => {
    const first = await issueTestCoupon(t.db, alice);
    const second = await issueTestCoupon(t.db, alice);
    const soon = await offerTestCoupon(
      t.db,
      alice,
      first,
      { partyId: bob.partyId },
      new Date(Date.now() + 120_000),
    );
    const later = await offerTestCoupon(t.db, alice, second, { partyId: bob.partyId }, inOneDay());
    const inFiveMinutes = new Date(Date.now() + 300_000);
    expect(await expireTransfers(t.db, inFiveMinutes, { batchSize: 1 })).toEqual({ expired: 1 });
    const statuses = await t.db.select({ id: transfers.id, status: transfers.status }).from(transfers);
    expect(statuses.find((row) => row.id === soon.transferId)?.status).toBe("expired");
    expect(statuses.find((row) => row.id === later.transferId)?.status).toBe("pending");
    expect(await couponRow(first.id)).toMatchObject({ status: "active", version: 1 });
    expect(await verifyCouponHistory(t.db, first.id)).toEqual({ ok: true, problems: [] });
  });

  it("ends with a clean ledger", async () => {
    await expectLedgerClean(t.db);
  });
});
