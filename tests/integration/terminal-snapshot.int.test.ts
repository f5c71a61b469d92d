import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as terminalRoute } from "../../app/api/wallet/terminal/route";
import type { Db } from "../../db/client";
import { coupons } from "../../db/schema";
import type { PasskeyAuthorization } from "../../lib/auth/passkey-authorization";
import { verifyRecordedAuthorization } from "../../lib/auth/passkey-authorization";
import { limitAttempt } from "../../lib/auth/rate-limits";
import { beginStepUp } from "../../lib/auth/require-step-up";
import { timelineEventText } from "../../lib/coupon-display/labels";
import { shopOfferAttestationValid } from "../../lib/coupons/attest-shop-offer";
import { offerOperation } from "../../lib/coupons/operations";
import { verifyCouponToken } from "../../lib/coupons/verify-coupon-token";
import { loadIssuerKeys } from "../../lib/keys/load-issuer-keys";
import { beginRefund } from "../../lib/orders/begin-refund";
import { completeRefund } from "../../lib/orders/complete-refund";
import { lockWallet } from "../../lib/sessions/lock-wallet";
import { unlockWallet, walletUnlockOperation } from "../../lib/sessions/unlock-wallet";
import { getTerminalSnapshot } from "../../lib/terminal/get-terminal-snapshot";
import type { TerminalIncomingOffer, TerminalSnapshot } from "../../lib/terminal/terminal-types";
import { beginGive } from "../../lib/transfers/begin-give";
import { giveGroupCoversOffer } from "../../lib/transfers/gift-operations";
import { giveGroup } from "../../lib/transfers/give-group";
import { givePart } from "../../lib/transfers/give-part";
import { givePartCoversOffer } from "../../lib/transfers/give-part-operation";
import { getCouponDetail } from "../../lib/wallet/get-coupon-detail";
import { createTestSession, testIp } from "../support/auth-sessions";
import {
  actorOf,
  couponTestDatabaseForFile,
  createUsers,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";
import { checkoutWith, createShopWithProducts, memberActor } from "../support/shop-fixtures";

const t = couponTestDatabaseForFile({ max: 20 });
const day = 86_400;

/** The wallet's give flow: the draft and its challenge, the giver's passkey, then the part-gift or the gift. */
async function give(db: Db, giver: TestUser, couponId: string, amount: string, to: TestUser | null) {
  const draft = await beginGive(db, actorOf(giver), {
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
    recipient: draft.recipientPartyId ? { partyId: draft.recipientPartyId } : { open: true as const },
    expiresAt: new Date(draft.expiresAt),
    claimCodeHash: draft.claimCodeHash,
    authorization,
  };
  if (draft.group) {
    return giveGroup(db, actorOf(giver), {
      couponIds: draft.group.couponIds,
      versions: draft.group.versions,
      ...terms,
    });
  }
  return givePart(db, actorOf(giver), { couponId: draft.couponId, version: draft.version, ...terms });
}

/** A signed-in session of `user` whose wallet is unlocked the real way (a passkey over this session's unlock). */
async function unlockedSession(db: Db, user: TestUser): Promise<string> {
  const sessionId = await createTestSession(db, user.userId);
  const operation = walletUnlockOperation(sessionId);
  const options = await beginStepUp(db, { actor: actorOf(user), operation, ip: null });
  const response = user.authenticator.createAssertion(options.challenge);
  await unlockWallet(db, { actor: actorOf(user), sessionId, response, ip: null });
  return sessionId;
}

/** GET /api/wallet/terminal through the route handler itself, as `sessionId` (null: no session). */
async function fetchTerminal(db: Db, sessionId: string | null, query = "") {
  const context = { db, sessionId, meta: { ip: testIp(), userAgent: "terminal test" } };
  const response = await terminalRoute.run(
    context,
    new Request(`http://localhost:3000/api/wallet/terminal${query}`),
  );
  const text = await response.text();
  return { response, text, body: JSON.parse(text) as { data?: TerminalSnapshot; error?: { code: string } } };
}

/** The coupon's terms as the offer and its token state them, rebuilt only from what the snapshot carries. */
function offerTerms(offer: TerminalIncomingOffer, amountMinor: bigint) {
  return {
    coupon: { id: offer.couponId, parentId: offer.parentCouponId, amountMinor, currency: "EUR" },
    transfer: {
      couponVersion: offer.couponVersion,
      fromPartyId: offer.fromPartyId,
      toPartyId: offer.toPartyId,
      claimCodeHash: null,
      expiresAt: new Date(offer.expiresAt),
    },
  };
}

/**
 * Alice's wallet: a coupon offered to Erin, a part of another given as a claim link (its rest stays), a purchase
 * whose change stays and whose paid piece the shop now holds, the shop's refund of it, Bob's part-gift and Carol's
 * gift of two coupons waiting for her. Dave and Frank trade among themselves and never touch her wallet.
 */
async function alicesWallet(db: Db) {
  const [alice, bob, carol, dave, erin, frank, merchant] = (await createUsers(db, 7)) as TestUser[] as [
    TestUser,
    TestUser,
    TestUser,
    TestUser,
    TestUser,
    TestUser,
    TestUser,
  ];
  const offeredToErin = await issueTestCoupon(db, alice, { amountMinor: 500n });
  const erinOffer = await offerTestCoupon(db, alice, offeredToErin, { partyId: erin.partyId });
  const partlyGiven = await issueTestCoupon(db, alice, { amountMinor: 900n });
  const claimLink = await give(db, alice, partlyGiven.id, "2", null);
  const shop = await createShopWithProducts(db, merchant, [{ priceMinor: 350n, name: "Flat white" }]);
  const paidWith = await issueTestCoupon(db, alice, { amountMinor: 1000n });
  const order = await checkoutWith(db, alice, {
    slug: shop.slug,
    lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
    couponIds: [paidWith.id],
  });
  const spent = await issueTestCoupon(db, alice, { amountMinor: 350n });
  await checkoutWith(db, alice, {
    slug: shop.slug,
    lines: [{ productId: shop.productIds[0] as string, quantity: 1 }],
    couponIds: [spent.id],
  });
  const owner = memberActor(merchant, { [shop.shopId]: "owner" });
  const refundInput = { slug: shop.slug, orderId: order.orderId, amountMinor: 350n, ip: null };
  const refundDraft = await beginRefund(db, owner, refundInput);
  const refundAuthorization = merchant.authenticator.createAssertion(refundDraft.options.challenge);
  const refund = await completeRefund(db, owner, { ...refundInput, authorization: refundAuthorization });

  const bobs = await issueTestCoupon(db, bob, { amountMinor: 1000n });
  const bobsGift = await give(db, bob, bobs.id, "4", alice);
  const carols = [
    await issueTestCoupon(db, carol, { amountMinor: 2000n }),
    await issueTestCoupon(db, carol, { amountMinor: 2000n }),
  ];
  const carolsGift = await give(db, carol, carols[0]?.id as string, "35", alice);

  const davesCoupons = [
    await issueTestCoupon(db, dave, { amountMinor: 700n }),
    await issueTestCoupon(db, dave, { amountMinor: 300n }),
  ];
  const daveToFrank = await offerTestCoupon(db, dave, davesCoupons[0] as { id: string; version: number }, {
    partyId: frank.partyId,
  });
  await give(db, frank, (await issueTestCoupon(db, frank, { amountMinor: 600n })).id, "1", dave);
  return {
    alice,
    bob,
    carol,
    dave,
    erin,
    frank,
    merchant,
    offeredToErin,
    erinOffer,
    partlyGiven,
    claimLink,
    paidWith,
    spent,
    order,
    refund,
    bobs,
    bobsGift,
    carolsGift,
    davesCoupons,
    daveToFrank,
  };
}

describe("the wallet terminal's snapshot", () => {
  it("holds the person's own coupons, offers in and out, tokens that verify and timelines in the page's words", async () => {
    const w = await alicesWallet(t.db);
    const sessionId = await unlockedSession(t.db, w.alice);
    const { response, text, body } = await fetchTerminal(t.db, sessionId, "?format=2&x=<script>");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const snapshot = body.data as TerminalSnapshot;
    const now = new Date(snapshot.asOf);
    expect(snapshot).toMatchObject({ format: 1, partyId: w.alice.partyId, truncated: false });
    expect(Math.abs(now.getTime() - Date.now())).toBeLessThan(60_000);

    // Held: the coupon offered to Erin, the claim link's gift and its rest, the purchase's change; newest first.
    const [claimGift, claimRest] = await t.db
      .select({ id: coupons.id, amountMinor: coupons.amountMinor })
      .from(coupons)
      .where(eq(coupons.parentId, w.partlyGiven.id))
      .orderBy(coupons.amountMinor);
    const change = w.order.changeCouponIds[0] as string;
    expect(new Set(snapshot.coupons.map((c) => c.id))).toEqual(
      new Set([w.offeredToErin.id, claimGift?.id, claimRest?.id, change]),
    );
    const issued = snapshot.coupons.map((c) => c.issuedAt);
    expect(issued).toEqual([...issued].sort().reverse());
    expect(snapshot.coupons.find((c) => c.id === w.offeredToErin.id)).toMatchObject({
      status: "offered",
      amountMinor: "500",
      currency: "EUR",
      version: 1,
    });
    expect(snapshot.coupons.find((c) => c.id === claimRest?.id)).toMatchObject({
      status: "active",
      amountMinor: "700",
    });
    // The coupons split (their pieces are), spent at the shop, or Dave's are not hers to keep, nor named.
    for (const gone of [w.partlyGiven.id, w.spent.id, ...w.davesCoupons.map((c) => c.id)]) {
      expect(text).not.toContain(gone);
    }
    // The purchase's paid piece is back as the shop's refund offer, naming the coupon it was split from.
    expect(snapshot.coupons.map((c) => c.id)).not.toContain(w.paidWith.id);

    // Every token verifies with the server's verifier and names Alice at the coupon's version; so does the QR form.
    const keys = await loadIssuerKeys(t.db);
    expect(snapshot.jwks.keys.map((k) => k.kid).sort()).toEqual([...keys.keys()].sort());
    for (const coupon of snapshot.coupons) {
      expect(coupon.compactToken).toMatch(/^SCRIP2\./);
      for (const token of [coupon.token, coupon.compactToken]) {
        const verified = verifyCouponToken(token, { keys, now });
        expect(verified.status, coupon.id).toBe("valid");
        expect(verified.coupon?.owner).toMatchObject({
          couponId: coupon.id,
          ownerPartyId: w.alice.partyId,
          version: coupon.version,
        });
        expect(verified.coupon?.value.amountMinor.toString()).toBe(coupon.amountMinor);
      }
    }

    // Timelines: the coupon page's entries, in the coupon page's words.
    for (const coupon of snapshot.coupons) {
      const page = await getCouponDetail(t.db, w.alice.partyId, coupon.id, now);
      expect(coupon.timeline).toEqual(
        page.timeline.map((entry) => ({
          seq: entry.seq,
          kind: entry.kind,
          text: timelineEventText(entry),
          at: entry.at.toISOString(),
        })),
      );
    }
    const erinsTimeline = snapshot.coupons.find((c) => c.id === w.offeredToErin.id)?.timeline;
    expect(erinsTimeline?.map((e) => e.text)).toContain(`Offered: you offered it to ${w.erin.handle}`);

    // Outgoing: the offer to Erin by name, the claim link without one.
    expect(snapshot.outgoingOffers).toHaveLength(2);
    expect(snapshot.outgoingOffers).toEqual(
      expect.arrayContaining([
        {
          transferId: w.erinOffer.transferId,
          couponId: w.offeredToErin.id,
          toName: w.erin.handle,
          amountMinor: "500",
          currency: "EUR",
          expiresAt: w.erinOffer.expiresAt.toISOString(),
        },
        expect.objectContaining({ couponId: claimGift?.id, toName: null, amountMinor: "200" }),
      ]),
    );

    // Incoming: Bob's part-gift, Carol's two coupons, the shop's refund; each verifiable from the snapshot alone.
    expect(snapshot.incomingOffers).toHaveLength(4);
    for (const offer of snapshot.incomingOffers) {
      const verified = verifyCouponToken(offer.token, { keys, now });
      expect(verified.status).toBe("valid");
      expect(verified.coupon?.owner).toMatchObject({
        couponId: offer.couponId,
        ownerPartyId: offer.fromPartyId,
        version: offer.couponVersion,
      });
      expect(offer.toPartyId).toBe(w.alice.partyId);
      const { coupon, transfer } = offerTerms(offer, verified.coupon?.value.amountMinor as bigint);
      if (offer.fromPartyId === w.bob.partyId) {
        expect(offer).toMatchObject({ groupId: null, parentCouponId: w.bobs.id, shopAttestation: null });
        const assertion = offer.giverAssertion as PasskeyAuthorization;
        expect(assertion.operation.type).toBe("transfer.give_part");
        expect(givePartCoversOffer(assertion.operation, coupon, transfer)).toBe(true);
        expect(await verifyRecordedAuthorization(assertion, assertion.operation)).toBe(true);
      } else if (offer.fromPartyId === w.carol.partyId) {
        expect(offer.groupId).toEqual(expect.any(String));
        const assertion = offer.giverAssertion as PasskeyAuthorization;
        expect(assertion.operation.type).toBe("transfer.give_group");
        expect(giveGroupCoversOffer(assertion.operation, coupon, transfer)).toBe(true);
        expect(await verifyRecordedAuthorization(assertion, assertion.operation)).toBe(true);
      } else {
        expect(offer).toMatchObject({
          transferId: w.refund.transferIds[0],
          parentCouponId: w.paidWith.id,
          giverAssertion: null,
        });
        const shopOffer = offerOperation({
          couponId: offer.couponId,
          version: offer.couponVersion,
          recipientPartyId: offer.toPartyId,
          claimCodeHash: null,
          expiresAt: transfer.expiresAt,
        });
        expect(shopOfferAttestationValid(keys, offer.shopAttestation, shopOffer)).toBe(true);
      }
    }
    const carols = snapshot.incomingOffers.filter((o) => o.fromPartyId === w.carol.partyId);
    expect(carols).toHaveLength(2);
    expect(new Set(carols.map((o) => o.groupId)).size).toBe(1);
    expect(carols.map((o) => o.parentCouponId !== null).sort()).toEqual([false, true]);

    // Once the day-long offers' expiry has passed (before the job closes them), they are over: the coupons are
    // ready again; the shop's refund offer runs longer (30 days). An hour past Erin's offer covers the day-long
    // offers made after it while the fixture was being built, however slowly (one second did not, under load).
    const later = new Date(w.erinOffer.expiresAt.getTime() + 3_600_000);
    const lapsed = await getTerminalSnapshot(t.db, actorOf(w.alice), later);
    expect(lapsed.incomingOffers.map((o) => o.transferId)).toEqual(w.refund.transferIds);
    expect(lapsed.outgoingOffers).toEqual([]);
    expect(lapsed.coupons.find((c) => c.id === w.offeredToErin.id)?.status).toBe("active");
    expect(lapsed.coupons.find((c) => c.id === claimGift?.id)?.status).toBe("active");

    // Nothing of anyone else: Dave's and Frank's ids and names, and the shop member behind the refund.
    for (const other of [w.dave, w.frank]) {
      for (const secret of [other.partyId, other.userId, other.handle, other.authenticator.credentialId]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(text).not.toContain(w.daveToFrank.transferId);
    for (const secret of [w.merchant.userId, w.merchant.handle, w.merchant.authenticator.credentialId]) {
      expect(text).not.toContain(secret);
    }
    await expectLedgerClean(t.db);
  });

  it("is refused without a session (401), with the wallet locked (423, no token), and past its rate", async () => {
    const [person] = (await createUsers(t.db, 1)) as [TestUser];
    await issueTestCoupon(t.db, person);
    const anonymous = await fetchTerminal(t.db, null);
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.body.error?.code).toBe("UNAUTHENTICATED");
    expect((await fetchTerminal(t.db, "not-a-session")).response.status).toBe(401);

    const locked = await createTestSession(t.db, person.userId);
    const refused = await fetchTerminal(t.db, locked);
    expect(refused.response.status).toBe(423);
    expect(refused.body.error).toEqual({
      code: "WALLET_LOCKED",
      message: "Your wallet is locked. Unlock it with your passkey to continue.",
    });
    expect(refused.text).not.toMatch(/scrip1\.|SCRIP2\./);

    const sessionId = await unlockedSession(t.db, person);
    expect((await fetchTerminal(t.db, sessionId)).response.status).toBe(200);
    await lockWallet(t.db, { actor: actorOf(person), sessionId });
    expect((await fetchTerminal(t.db, sessionId)).body.error?.code).toBe("WALLET_LOCKED");

    const again = await unlockedSession(t.db, person);
    // Three fetches with a session so far (locked ones count too); 116 more, then the 120th is the last allowed.
    for (let used = 3; used < 119; used++) {
      await limitAttempt(t.db, "wallet.terminal", { accountId: person.userId });
    }
    expect((await fetchTerminal(t.db, again)).response.status).toBe(200);
    const limited = await fetchTerminal(t.db, again);
    expect(limited.response.status).toBe(429);
    expect(limited.body.error?.code).toBe("RATE_LIMITED");
    expect(Number(limited.response.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("is a person's own wallet only: the domain refuses a shop or the system as actor", async () => {
    await expectAppError(
      getTerminalSnapshot(t.db, { kind: "shop", shopId: "shp_x", partyId: "pty_x" }),
      "FORBIDDEN",
    );
    await expectAppError(getTerminalSnapshot(t.db, { kind: "system", reason: "test" }), "FORBIDDEN");
  });
});

describe("the wallet terminal's limits", () => {
  const bulk = couponTestDatabaseForFile();

  it("carries at most 500 coupons, newest first, saying when there are more, and each one's newest 50 events", async () => {
    const [person] = (await createUsers(bulk.db, 1)) as [TestUser];
    const real = await issueTestCoupon(bulk.db, person, { amountMinor: 100n });
    // Copies of the real coupon row, each a second older (tokens of copies do not verify: ids differ).
    const copy = (from: number, to: number) =>
      bulk.db.execute(sql`
        insert into coupons (id, amount_minor, currency, requester_party_id, owner_party_id, version, funded,
          status, issued_at, expires_at, value_kid, value_signature, owner_attestation)
        select 'cpn_bulk' || lpad(i::text, 4, '0'), c.amount_minor, c.currency, c.requester_party_id,
          c.owner_party_id, 1, c.funded, 'active', c.issued_at - make_interval(secs => i), c.expires_at,
          c.value_kid, c.value_signature, c.owner_attestation
        from coupons c, generate_series(${from}::int, ${to}::int) i where c.id = ${real.id}`);
    // 60 more events on the real coupon (the chain is not what this test checks).
    await bulk.db.execute(sql`
      insert into coupon_events (id, coupon_id, seq, kind, actor_party_id, version, data, prev_hash, hash)
      select 'evt_bulk' || i, ${real.id}, i, 'funded', null, 1, '{}'::jsonb, 'prev', 'hash'
      from generate_series(2, 61) i`);

    await copy(1, 499);
    const full = await getTerminalSnapshot(bulk.db, actorOf(person));
    expect(full.coupons).toHaveLength(500);
    expect(full.truncated).toBe(false);

    await copy(500, 500);
    const cut = await getTerminalSnapshot(bulk.db, actorOf(person));
    expect(cut.coupons).toHaveLength(500);
    expect(cut.truncated).toBe(true);
    expect(cut.coupons[0]?.id).toBe(real.id);
    expect(cut.coupons.at(-1)?.id).toBe("cpn_bulk0499");
    expect(cut.coupons.map((c) => c.id)).not.toContain("cpn_bulk0500");
    expect(cut.coupons.at(-1)?.compactToken).toBeNull();

    const timeline = cut.coupons[0]?.timeline ?? [];
    expect(timeline.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 12 + i));
    expect(timeline.at(-1)?.text).toBe("Paid for: by Scrip");
    expect(cut.coupons[1]?.timeline).toEqual([]);
  });
});
