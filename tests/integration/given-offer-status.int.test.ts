/** "Give in person" follows the giver's own offer: pending, then claimed by whom; nobody else learns anything. */
import { describe, expect, it } from "vitest";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { cancelTransfer } from "../../lib/transfers/cancel-transfer";
import { getGivenOffer } from "../../lib/transfers/get-given-offer";
import {
  actorOf,
  authorizeAccept,
  couponTestDatabaseForFile,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";

const t = couponTestDatabaseForFile();

async function inPersonGift() {
  const giver = await createTestUser(t.db);
  const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 500n });
  const offer = await offerTestCoupon(t.db, giver, coupon, { open: true });
  return { giver, offer, claimCode: offer.claimCode as string };
}

describe("the giver follows an in-person gift", () => {
  it("is waiting until someone claims it, then names who did", async () => {
    const { giver, offer, claimCode } = await inPersonGift();
    const ask = (now?: Date) => getGivenOffer(t.db, actorOf(giver), { transferId: offer.transferId, now });
    expect(await ask()).toEqual({ status: "pending", acceptedByName: null });
    expect(await ask(new Date(offer.expiresAt.getTime() + 1000))).toEqual({
      status: "expired",
      acceptedByName: null,
    });
    const taker = await createTestUser(t.db);
    await acceptTransfer(t.db, actorOf(taker), {
      claimCode,
      authorization: await authorizeAccept(t.db, taker, offer),
    });
    expect(await ask()).toEqual({ status: "accepted", acceptedByName: taker.handle });
    // The taker, and anyone else, are told there is no such offer.
    await expectAppError(getGivenOffer(t.db, actorOf(taker), { transferId: offer.transferId }), "NOT_FOUND");
    await expectAppError(getGivenOffer(t.db, actorOf(giver), { transferId: "trf_nonsense" }), "NOT_FOUND");
    await expectLedgerClean(t.db);
  });

  it("says cancelled after the giver cancels it", async () => {
    const { giver, offer } = await inPersonGift();
    await cancelTransfer(t.db, actorOf(giver), { transferId: offer.transferId });
    expect(await getGivenOffer(t.db, actorOf(giver), { transferId: offer.transferId })).toEqual({
      status: "cancelled",
      acceptedByName: null,
    });
  });
});
