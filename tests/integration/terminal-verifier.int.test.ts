import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { couponEvents, coupons, transfers } from "../../db/schema";
import type { ShopOfferAttestation } from "../../lib/coupons/attest-shop-offer";
import { couponQrTextOf, couponTokenOf } from "../../lib/coupons/get-coupon-token";
import { getJwks } from "../../lib/keys/get-jwks";
import { beginRefund } from "../../lib/orders/begin-refund";
import { completeRefund } from "../../lib/orders/complete-refund";
import type { RecordedAssertion, TerminalIncomingOffer } from "../../lib/terminal/terminal-types";
import { verifyCouponInTerminal, verifyOfferInTerminal } from "../../lib/terminal/verify-terminal";
import { beginGive } from "../../lib/transfers/begin-give";
import { giveGroup } from "../../lib/transfers/give-group";
import { givePart } from "../../lib/transfers/give-part";
import {
  actorOf,
  couponTestDatabaseForFile,
  createUsers,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { checkoutWith, createShopWithProducts } from "../support/shop-fixtures";
import { shortFormOf } from "../support/terminal-forgery";
import { expectTerminalMatchesServer, type ServerTruth } from "../support/terminal-parity";
import { type TerminalBase, terminalVectors } from "../support/terminal-vectors";

/**
 * The wallet terminal's verifier (lib/terminal/verify-terminal.ts) against real offers the server made — tokens its
 * issuer keys signed, passkey assertions it recorded — forged and tampered every way the vectors know, with the
 * server's own verifiers run over the same vectors for the same verdicts (issue #16, claim 7).
 */
const t = couponTestDatabaseForFile({ max: 10 });
const rp = { origin: "http://localhost:3000", rpID: "localhost" };
const day = 86_400;

/** What a receiving wallet's snapshot holds for one pending transfer, read from the server's rows. */
async function incomingOffer(
  transferId: string,
): Promise<{ offer: TerminalIncomingOffer; truth: ServerTruth }> {
  const [transfer] = await t.db.select().from(transfers).where(eq(transfers.id, transferId));
  if (!transfer) throw new Error("no such transfer");
  const [coupon] = await t.db.select().from(coupons).where(eq(coupons.id, transfer.couponId));
  if (!coupon) throw new Error("no such coupon");
  const offer: TerminalIncomingOffer = {
    transferId,
    groupId: transfer.groupId,
    fromName: "Alice",
    expiresAt: transfer.expiresAt.toISOString(),
    token: couponTokenOf(coupon),
    couponId: coupon.id,
    couponVersion: transfer.couponVersion,
    toPartyId: transfer.toPartyId,
    fromPartyId: transfer.fromPartyId,
    parentCouponId: coupon.parentId,
    giverAssertion: null,
    shopAttestation: null,
  };
  const recorded = transfer.transferorAuthorization as { kind?: string };
  if (recorded.kind === "shop") {
    // A shop's offer (a refund): the issuer's signature for the shop is in the coupon's `offered` event.
    const [event] = await t.db
      .select({ data: couponEvents.data })
      .from(couponEvents)
      .where(and(eq(couponEvents.transferId, transferId), eq(couponEvents.kind, "offered")));
    const data = event?.data as { shopOfferAttestation?: ShopOfferAttestation } | undefined;
    offer.shopAttestation = data?.shopOfferAttestation ?? null;
  } else {
    offer.giverAssertion = recorded as RecordedAssertion;
  }
  // The short form the coupon's QR code carries is the one the vectors derive.
  expect(shortFormOf(offer.token)).toBe(couponQrTextOf(coupon));
  const truth = {
    claimCodeHash: transfer.claimCodeHash,
    amountMinor: coupon.amountMinor,
    currency: coupon.currency,
  };
  return { offer, truth };
}

/** A giver's pending transfer of `couponId`. */
async function pendingTransferOf(couponId: string): Promise<string> {
  const [row] = await t.db
    .select({ id: transfers.id })
    .from(transfers)
    .where(and(eq(transfers.couponId, couponId), eq(transfers.status, "pending")));
  if (!row) throw new Error("no pending transfer");
  return row.id;
}

/** The wallet's gift flow: beginGive's checks and challenge, the giver's passkey, then the part or group gift. */
async function give(giver: TestUser, couponId: string, amount: string, to: TestUser | null) {
  const draft = await beginGive(t.db, actorOf(giver), {
    couponId,
    amount,
    currency: "EUR",
    recipientPartyId: to?.partyId ?? null,
    validitySeconds: day,
    ip: null,
  });
  const authorization = giver.authenticator.createAssertion(draft.options.challenge);
  const terms = {
    giveMinor: draft.giveMinor,
    currency: draft.currency,
    recipient: to ? { partyId: to.partyId } : ({ open: true } as const),
    expiresAt: new Date(draft.expiresAt),
    claimCodeHash: draft.claimCodeHash,
    authorization,
  };
  if (draft.group) {
    const result = await giveGroup(t.db, actorOf(giver), {
      couponIds: draft.group.couponIds,
      versions: draft.group.versions,
      ...terms,
    });
    return result.giftCouponIds;
  }
  const result = await givePart(t.db, actorOf(giver), { couponId, version: draft.version, ...terms });
  return [result.giftCouponId];
}

/** The base every vector of one real offer starts from. */
async function baseOf(transferId: string, giver: TestUser, receiver: TestUser | null, stranger: TestUser) {
  const { offer, truth } = await incomingOffer(transferId);
  const other = await issueTestCoupon(t.db, stranger, { amountMinor: 777n });
  const [otherRow] = await t.db.select().from(coupons).where(eq(coupons.id, other.id));
  const base: TerminalBase = {
    offer,
    jwks: await getJwks(t.db),
    now: new Date(),
    recipient: receiver ? { partyId: receiver.partyId } : { open: true },
    rp,
    giver: giver.authenticator,
    giverUserId: giver.userId,
    otherToken: couponTokenOf(otherRow!),
    otherPartyId: stranger.partyId,
  };
  return { base, truth };
}

async function expectAllVectors(base: TerminalBase, truth: ServerTruth) {
  const vectors = terminalVectors(base);
  expect(vectors.length).toBeGreaterThan(40);
  for (const vector of vectors) await expectTerminalMatchesServer(vector, truth);
}

describe("the terminal verifies offers the server made", () => {
  it("a coupon offered to the receiver: genuine verifies, every forgery is refused, as the server decides", async () => {
    const [alice, bob, carol] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 1250n });
    const { transferId } = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    const { base, truth } = await baseOf(transferId, alice, bob, carol);
    const verdict = await verifyOfferInTerminal(base.offer, base.jwks, base.now, base.recipient, rp);
    expect(verdict.checks.map((check) => [check.name, check.ok])).toEqual([
      ["value_signature", true],
      ["owner_part", true],
      ["expiry", true],
      ["giver_assertion", true],
      ["offer_terms", true],
      ["offer_open", true],
    ]);
    expect(verdict.checks[0]?.text).toBe("Signed by the issuer: worth €12.50.");
    await expectAllVectors(base, truth);
  });

  it("a claim link (open offer) verifies for whoever holds it, and not as a directed offer", async () => {
    const [alice, carol] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 300n });
    const { transferId } = await offerTestCoupon(t.db, alice, coupon, { open: true });
    const { base, truth } = await baseOf(transferId, alice, null, carol);
    expect((await verifyOfferInTerminal(base.offer, base.jwks, base.now, { open: true }, rp)).ok).toBe(true);
    await expectAllVectors(base, truth);
  });

  it("part of a coupon given (a split gift under one transfer.give_part assertion)", async () => {
    const [alice, bob, carol] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });
    const [gift] = await give(alice, coupon.id, "4", bob);
    const { base, truth } = await baseOf(await pendingTransferOf(gift!), alice, bob, carol);
    expect(base.offer.giverAssertion?.operation.type).toBe("transfer.give_part");
    expect(base.offer.parentCouponId).toBe(coupon.id);
    await expectAllVectors(base, truth);
  });

  it("a gift of several coupons: the whole coupon and the split part each verify (transfer.give_group)", async () => {
    const [alice, bob, carol] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    const first = await issueTestCoupon(t.db, alice, { amountMinor: 2000n });
    await issueTestCoupon(t.db, alice, { amountMinor: 2000n });
    const gifts = await give(alice, first.id, "35", bob);
    expect(gifts).toHaveLength(2);
    for (const gift of gifts) {
      const { base, truth } = await baseOf(await pendingTransferOf(gift), alice, bob, carol);
      expect(base.offer.giverAssertion?.operation.type).toBe("transfer.give_group");
      await expectAllVectors(base, truth);
    }
    await expectLedgerClean(t.db);
  });

  it("a shop's refund offer: the issuer's signature for the shop verifies, and forged or misapplied is refused", async () => {
    const [merchant, shopper, carol] = [
      await createTestUser(t.db),
      await createTestUser(t.db),
      await createTestUser(t.db),
    ];
    const shop = await createShopWithProducts(t.db, merchant, [{ priceMinor: 500n }]);
    const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 500n });
    const order = await checkoutWith(t.db, shopper, {
      slug: shop.slug,
      lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
      couponIds: [coupon.id],
    });
    const terms = { slug: shop.slug, orderId: order.orderId, amountMinor: 500n, ip: null };
    const draft = await beginRefund(t.db, shop.ownerActor, terms);
    const authorization = merchant.authenticator.createAssertion(draft.options.challenge);
    const refund = await completeRefund(t.db, shop.ownerActor, { ...terms, authorization });
    const [transferId] = refund.transferIds;
    const { base, truth } = await baseOf(transferId as string, merchant, shopper, carol);
    expect(base.offer.shopAttestation).toMatchObject({
      kid: expect.any(String),
      signature: expect.any(String),
    });
    const verdict = await verifyOfferInTerminal(base.offer, base.jwks, base.now, base.recipient, rp);
    expect(verdict.ok).toBe(true);
    await expectAllVectors(base, truth);
    await expectLedgerClean(t.db);
  });

  it("reads the server's tokens of both forms and returns their parts", async () => {
    const [alice] = (await createUsers(t.db, 1)) as [TestUser];
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 990n });
    const [row] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    const jwks = await getJwks(t.db);
    for (const token of [couponTokenOf(row!), couponQrTextOf(row!)]) {
      expect(await verifyCouponInTerminal(token, jwks, new Date())).toMatchObject({
        status: "valid",
        coupon: {
          value: { couponId: coupon.id, amountMinor: 990n, currency: "EUR", expiresAt: row!.expiresAt },
          owner: { couponId: coupon.id, ownerPartyId: alice.partyId, version: 1 },
        },
      });
    }
  });
});
