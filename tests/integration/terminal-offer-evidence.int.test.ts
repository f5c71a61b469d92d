import { describe, expect, it } from "vitest";
import { getRelyingParty } from "../../lib/auth/webauthn-config";
import { getOfferEvidence } from "../../lib/terminal/get-offer-evidence";
import { verifyOfferInTerminal } from "../../lib/terminal/verify-terminal";
import { beginGive } from "../../lib/transfers/begin-give";
import { giveGroup } from "../../lib/transfers/give-group";
import {
  actorOf,
  couponTestDatabaseForFile,
  createUsers,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";

const t = couponTestDatabaseForFile({ max: 6 });

/** Alice gives Bob €35 from two €20 coupons: one gift of two coupons (one of them split). */
async function giftOf35(alice: TestUser, bob: TestUser) {
  const first = await issueTestCoupon(t.db, alice, { amountMinor: 2000n });
  await issueTestCoupon(t.db, alice, { amountMinor: 2000n });
  const draft = await beginGive(t.db, actorOf(alice), {
    couponId: first.id,
    amount: "35",
    currency: "EUR",
    recipientPartyId: bob.partyId,
    validitySeconds: 86_400,
    ip: null,
  });
  if (!draft.group) throw new Error("expected a gift of several coupons");
  return giveGroup(t.db, actorOf(alice), {
    couponIds: draft.group.couponIds,
    versions: draft.group.versions,
    giveMinor: draft.giveMinor,
    currency: draft.currency,
    recipient: { partyId: bob.partyId },
    expiresAt: new Date(draft.expiresAt),
    claimCodeHash: null,
    authorization: alice.authenticator.createAssertion(draft.options.challenge),
  });
}

describe("the evidence a receiving wallet verifies an offer with", () => {
  it("gives the recipient every coupon of a gift, which verifies in the terminal; nobody else gets anything", async () => {
    const [alice, bob, carol] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    const gift = await giftOf35(alice, bob);
    const single = await offerTestCoupon(
      t.db,
      alice,
      await issueTestCoupon(t.db, alice, { amountMinor: 700n }),
      {
        partyId: bob.partyId,
      },
    );
    const { origin, rpID } = getRelyingParty();

    const evidence = await getOfferEvidence(t.db, actorOf(bob), { groupId: gift.groupId });
    expect(evidence.partyId).toBe(bob.partyId);
    expect(evidence.rpID).toBe(rpID);
    expect(evidence.offers.map((offer) => offer.couponId).sort()).toEqual([...gift.giftCouponIds].sort());
    for (const offer of evidence.offers) {
      const verdict = await verifyOfferInTerminal(
        offer,
        evidence.jwks,
        new Date(),
        { partyId: bob.partyId },
        {
          origin,
          rpID,
        },
      );
      expect(verdict.checks.filter((check) => !check.ok)).toEqual([]);
      // Checked as if offered to Carol, the giver's passkey named someone else: refused.
      const forCarol = await verifyOfferInTerminal(
        offer,
        evidence.jwks,
        new Date(),
        { partyId: carol.partyId },
        {
          origin,
          rpID,
        },
      );
      expect(forCarol.ok).toBe(false);
    }
    // One offer by its transfer: that coupon alone.
    const one = await getOfferEvidence(t.db, actorOf(bob), { transferId: single.transferId });
    expect(one.offers.map((offer) => offer.transferId)).toEqual([single.transferId]);

    // Not the recipient: the giver herself, or a stranger, gets no offer and nothing of it in the answer.
    for (const stranger of [alice, carol]) {
      for (const target of [{ groupId: gift.groupId }, { transferId: single.transferId }]) {
        const seen = await getOfferEvidence(t.db, actorOf(stranger), target);
        expect(seen.offers).toEqual([]);
        const text = JSON.stringify(seen);
        for (const couponId of gift.giftCouponIds) expect(text).not.toContain(couponId);
        if (stranger === carol) expect(text).not.toContain(alice.partyId);
      }
    }
  });
});
