/** The small status a claim page polls: only with the link's code and offer id, and it follows claim and cancel. */
import { describe, expect, it } from "vitest";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { cancelTransfer } from "../../lib/transfers/cancel-transfer";
import { newClaimCode } from "../../lib/transfers/claim-code";
import { getClaimLinkStatus } from "../../lib/transfers/get-claim-link-status";
import {
  actorOf,
  authorizeAccept,
  couponTestDatabaseForFile,
  expectAppError,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";

const t = couponTestDatabaseForFile();

async function claimLink() {
  const giver = await createTestUser(t.db);
  const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 500n });
  const offer = await offerTestCoupon(t.db, giver, coupon, { open: true });
  return { giver, offer, claimCode: offer.claimCode as string };
}

describe("a claim link's status", () => {
  it("is pending while open and accepted once someone claims it", async () => {
    const { offer, claimCode } = await claimLink();
    const ask = () => getClaimLinkStatus(t.db, { transferId: offer.transferId, claimCode, ip: "192.0.2.10" });
    expect(await ask()).toEqual({ status: "pending" });
    const taker = await createTestUser(t.db);
    await acceptTransfer(t.db, actorOf(taker), {
      claimCode,
      authorization: await authorizeAccept(t.db, taker, offer),
    });
    expect(await ask()).toEqual({ status: "accepted" });
  });

  it("turns cancelled when the giver cancels it", async () => {
    const { giver, offer, claimCode } = await claimLink();
    await cancelTransfer(t.db, actorOf(giver), { transferId: offer.transferId });
    expect(await getClaimLinkStatus(t.db, { transferId: offer.transferId, claimCode, ip: null })).toEqual({
      status: "cancelled",
    });
  });

  it("tells nothing without the right code and offer id together", async () => {
    const first = await claimLink();
    const second = await claimLink();
    for (const input of [
      { transferId: first.offer.transferId, claimCode: second.claimCode },
      { transferId: second.offer.transferId, claimCode: first.claimCode },
      { transferId: first.offer.transferId, claimCode: newClaimCode() },
      { transferId: "trf_nonsense", claimCode: first.claimCode },
      { transferId: first.offer.transferId, claimCode: "not a code" },
    ]) {
      await expectAppError(getClaimLinkStatus(t.db, { ...input, ip: null }), "CLAIM_CODE_INVALID");
    }
  });
});
