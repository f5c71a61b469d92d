import { describe, expect, it } from "vitest";
import { POST as offerEvidenceRoute } from "../../app/api/wallet/offer-evidence/route";
import { getRelyingParty } from "../../lib/auth/webauthn-config";
import { getOfferEvidence } from "../../lib/terminal/get-offer-evidence";
import { verifyOfferInTerminal } from "../../lib/terminal/verify-terminal";
import { beginGive } from "../../lib/transfers/begin-give";
import { cancelTransfer } from "../../lib/transfers/cancel-transfer";
import { giveGroup } from "../../lib/transfers/give-group";
import { createTestSession } from "../support/auth-sessions";
import {
  actorOf,
  couponTestDatabaseForFile,
  createUsers,
  expectLedgerClean,
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
    await expectLedgerClean(t.db);
  });

  it("finds an open offer (a claim link) by its code for whoever holds it, which verifies as open", async () => {
    const [alice, dora] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 900n });
    const link = await offerTestCoupon(t.db, alice, coupon, { open: true });
    const { origin, rpID } = getRelyingParty();
    const evidence = await getOfferEvidence(t.db, actorOf(dora), { claimCode: link.claimCode as string });
    expect(evidence.offers.map((offer) => offer.transferId)).toEqual([link.transferId]);
    const [offer] = evidence.offers;
    const verdict = await verifyOfferInTerminal(
      offer!,
      evidence.jwks,
      new Date(),
      { open: true },
      { origin, rpID },
    );
    expect(verdict.checks.filter((check) => !check.ok)).toEqual([]);
    // Checked as if it were offered to Dora by name, the giver's passkey signed something else: refused.
    expect(
      (
        await verifyOfferInTerminal(
          offer!,
          evidence.jwks,
          new Date(),
          { partyId: dora.partyId },
          { origin, rpID },
        )
      ).ok,
    ).toBe(false);
    // Another code (well-formed, never issued) finds nothing; a malformed one is refused as not valid.
    const other = await offerTestCoupon(t.db, alice, await issueTestCoupon(t.db, alice), { open: true });
    await cancelTransfer(t.db, actorOf(alice), { transferId: other.transferId });
    expect(
      (await getOfferEvidence(t.db, actorOf(dora), { claimCode: other.claimCode as string })).offers,
    ).toEqual([]);
    await expect(getOfferEvidence(t.db, actorOf(dora), { claimCode: "not a code" })).rejects.toMatchObject({
      code: "CLAIM_CODE_INVALID",
    });
    await expectLedgerClean(t.db);
  });

  it("answers hostile input through the route with a clear 400 and changes nothing", async () => {
    const [dora] = (await createUsers(t.db, 1)) as [TestUser];
    const context = {
      db: t.db,
      sessionId: await createTestSession(t.db, dora.userId),
      meta: { ip: "192.0.2.9", userAgent: null },
    };
    const post = (body: string) =>
      offerEvidenceRoute.run(
        context,
        new Request("http://localhost:3000/api/wallet/offer-evidence", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
        }),
      );
    for (const body of [
      "not json",
      "[]",
      JSON.stringify({ transferId: 5 }),
      JSON.stringify({ transferId: "trf_x", groupId: "tgr_y" }),
      JSON.stringify({ claimCode: "x".repeat(5000) }),
      JSON.stringify({ somethingElse: true }),
    ]) {
      const response = await post(body);
      expect(response.status, body.slice(0, 40)).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
    }
    // A well-formed id of nothing: an empty answer, not an error and not someone else's offer.
    const none = await post(JSON.stringify({ transferId: "trf_AAAAAAAAAAAAAAAAAAAAAA" }));
    expect(none.status).toBe(200);
    expect(((await none.json()) as { data: { offers: unknown[] } }).data.offers).toEqual([]);
    await expectLedgerClean(t.db);
  });
});
