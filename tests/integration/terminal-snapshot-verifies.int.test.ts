import { describe, expect, it } from "vitest";
import { beginRefund } from "../../lib/orders/begin-refund";
import { completeRefund } from "../../lib/orders/complete-refund";
import { getTerminalSnapshot } from "../../lib/terminal/get-terminal-snapshot";
import { verifyCouponInTerminal, verifyOfferInTerminal } from "../../lib/terminal/verify-terminal";
import { beginGive } from "../../lib/transfers/begin-give";
import { giveGroup } from "../../lib/transfers/give-group";
import { givePart } from "../../lib/transfers/give-part";
import {
  actorOf,
  couponTestDatabaseForFile,
  createUsers,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";
import { checkoutWith, createShopWithProducts } from "../support/shop-fixtures";

const t = couponTestDatabaseForFile({ max: 10 });
const rp = { origin: "http://localhost:3000", rpID: "localhost" };

async function give(giver: TestUser, couponId: string, amount: string, to: TestUser) {
  const draft = await beginGive(t.db, actorOf(giver), {
    couponId,
    amount,
    currency: "EUR",
    recipientPartyId: to.partyId,
    validitySeconds: 86_400,
    ip: null,
  });
  const authorization = giver.authenticator.createAssertion(draft.options.challenge);
  const terms = {
    giveMinor: draft.giveMinor,
    currency: draft.currency,
    recipient: { partyId: to.partyId },
    expiresAt: new Date(draft.expiresAt),
    claimCodeHash: draft.claimCodeHash,
    authorization,
  };
  if (draft.group)
    return giveGroup(t.db, actorOf(giver), {
      couponIds: draft.group.couponIds,
      versions: draft.group.versions,
      ...terms,
    });
  return givePart(t.db, actorOf(giver), { couponId, version: draft.version, ...terms });
}

describe("the snapshot the server serves verifies in the terminal", () => {
  it("every incoming offer of every kind and every held token", async () => {
    const [alice, bob, merchant] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    const whole = await issueTestCoupon(t.db, alice, { amountMinor: 700n });
    await offerTestCoupon(t.db, alice, whole, { partyId: bob.partyId });
    const part = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });
    await give(alice, part.id, "4", bob);
    const first = await issueTestCoupon(t.db, alice, { amountMinor: 2000n });
    await issueTestCoupon(t.db, alice, { amountMinor: 2000n });
    await give(alice, first.id, "35", bob);
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 500n }]);
    const paying = await issueTestCoupon(t.db, bob, { amountMinor: 500n });
    const order = await checkoutWith(t.db, bob, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [paying.id],
    });
    const terms = { slug: shop.slug, orderId: order.orderId, amountMinor: 500n, ip: null };
    const draft = await beginRefund(t.db, shop.ownerActor, terms);
    await completeRefund(t.db, shop.ownerActor, {
      ...terms,
      authorization: merchant.authenticator.createAssertion(draft.options.challenge),
    });
    await issueTestCoupon(t.db, bob, { amountMinor: 333n });

    const now = new Date();
    const snapshot = JSON.parse(JSON.stringify(await getTerminalSnapshot(t.db, actorOf(bob), now)));
    expect(snapshot.incomingOffers.length).toBe(5);
    for (const offer of snapshot.incomingOffers) {
      const verdict = await verifyOfferInTerminal(offer, snapshot.jwks, now, { partyId: bob.partyId }, rp);
      expect(verdict, offer.giverAssertion?.operation.type ?? "shop").toMatchObject({ ok: true });
    }
    for (const coupon of snapshot.coupons) {
      for (const token of [coupon.token, coupon.compactToken].filter(Boolean)) {
        expect((await verifyCouponInTerminal(token, snapshot.jwks, now)).status).toBe("valid");
      }
    }
    const snapshotAlice = JSON.parse(JSON.stringify(await getTerminalSnapshot(t.db, actorOf(alice), now)));
    for (const offer of snapshot.incomingOffers) {
      const verdict = await verifyOfferInTerminal(
        offer,
        snapshotAlice.jwks,
        now,
        { partyId: alice.partyId },
        rp,
      );
      expect(verdict.ok).toBe(false);
    }
  });
});
