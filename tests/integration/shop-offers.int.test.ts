/**
 * Offers to a shop (issue 17): a person gives a coupon to a shop found by its address; the shop's members answer
 * it on the dashboard (accept with their passkey, decline), its server through the API; `transfer.offered` is
 * written in the offer's transaction; a gift of several coupons is answered whole.
 */
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as acceptRoute } from "../../app/api/v1/transfers/[id]/accept/route";
import { POST as declineRoute } from "../../app/api/v1/transfers/[id]/decline/route";
import { GET as listTransfersRoute } from "../../app/api/v1/transfers/route";
import {
  coupons,
  shops,
  transferGroups,
  transfers,
  webhookEndpoints,
  webhookMessages,
} from "../../db/schema";
import { createApiKey } from "../../lib/api-keys/create-api-key";
import { systemActor } from "../../lib/auth/actor";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import { newId } from "../../lib/ids";
import { findShopByAddress, slugOfAddress } from "../../lib/shops/find-shop-by-address";
import { listShopOffers } from "../../lib/shops/list-shop-offers";
import { answerShopOfferAsMember, beginAcceptShopOffer } from "../../lib/transfers/answer-member-offer";
import { beginGive } from "../../lib/transfers/begin-give";
import { cancelTransfer } from "../../lib/transfers/cancel-transfer";
import { giveGroup } from "../../lib/transfers/give-group";
import { givePart } from "../../lib/transfers/give-part";
import { offerTransfer } from "../../lib/transfers/offer-transfer";
import { call, expectDocumented } from "../support/api-client";
import {
  actorOf,
  couponTestDatabaseForFile,
  createUsers,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";
import { createShopWithProducts, memberActor } from "../support/shop-fixtures";
import { setPartyStatus } from "../support/suspension-fixtures";

const t = couponTestDatabaseForFile({ max: 20 });

/** A shop made the real way, its owner and a staff member, its party and a webhook endpoint for offers. */
async function makeShop(currency = "EUR") {
  const [owner, staff] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
  const shop = await createShopWithProducts(t.db, owner, [], { currency });
  const [row] = await t.db.select({ partyId: shops.partyId }).from(shops).where(eq(shops.id, shop.shopId));
  await t.db.insert(webhookEndpoints).values({
    id: newId("webhookEndpoint"),
    shopId: shop.shopId,
    url: "https://93.184.215.14/hooks",
    eventTypes: ["transfer.offered", "transfer.accepted", "transfer.declined"],
    secretEncrypted: "unused-in-this-test",
  });
  return {
    ...shop,
    partyId: row?.partyId as string,
    owner,
    staff,
    ownerActor: memberActor(owner, { [shop.shopId]: "owner" }),
    staffActor: memberActor(staff, { [shop.shopId]: "staff" }),
  };
}
type TestShop = Awaited<ReturnType<typeof makeShop>>;

/** What the wallet does: find the shop by address, the checks and challenge, the passkey, then the give. */
async function giveToShop(
  giver: TestUser,
  coupon: { id: string; currency?: string },
  amount: string,
  address: string,
) {
  const currency = coupon.currency ?? "EUR";
  const shop = await findShopByAddress(t.db, actorOf(giver), { address, currency });
  const draft = await beginGive(t.db, actorOf(giver), {
    couponId: coupon.id,
    amount,
    currency,
    recipientPartyId: shop.partyId,
    validitySeconds: 86_400,
    ip: null,
  });
  const authorization = await giver.authenticator.createAssertion(draft.options.challenge);
  const terms = {
    recipient: { partyId: shop.partyId },
    expiresAt: new Date(draft.expiresAt),
    claimCodeHash: null,
    authorization,
  };
  if (draft.group) {
    const gift = await giveGroup(t.db, actorOf(giver), {
      ...terms,
      ...draft.group,
      giveMinor: draft.giveMinor,
      currency: draft.currency,
    });
    return {
      transferId: gift.transferIds[0] as string,
      transferIds: gift.transferIds,
      groupId: gift.groupId,
    };
  }
  if (draft.whole) {
    const offer = await offerTransfer(t.db, actorOf(giver), {
      ...terms,
      couponId: coupon.id,
      version: draft.version,
    });
    return { transferId: offer.transferId, transferIds: [offer.transferId], groupId: null };
  }
  const part = await givePart(t.db, actorOf(giver), {
    ...terms,
    couponId: coupon.id,
    version: draft.version,
    giveMinor: draft.giveMinor,
    currency: draft.currency,
  });
  return { transferId: part.transferId, transferIds: [part.transferId], groupId: null };
}

/** A member accepts for the shop: the passkey challenge over the offer, their assertion, the accept. */
async function memberAccept(shop: TestShop, member: TestUser, transferId: string) {
  const actor = memberActor(member, { [shop.shopId]: member === shop.owner ? "owner" : "staff" });
  const options = await beginAcceptShopOffer(t.db, actor, { slug: shop.slug, transferId, ip: null });
  const authorization = await member.authenticator.createAssertion(options.challenge);
  return answerShopOfferAsMember(t.db, actor, {
    slug: shop.slug,
    transferId,
    answer: "accept",
    authorization,
  });
}

const messagesOf = (shopId: string, type: string) =>
  t.db
    .select({ payload: webhookMessages.payload })
    .from(webhookMessages)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
    .where(and(eq(webhookEndpoints.shopId, shopId), eq(webhookMessages.eventType, type)));

const ownerOf = async (couponId: string) =>
  (await t.db.select().from(coupons).where(eq(coupons.id, couponId)))[0];

describe("finding a shop by its address", () => {
  it("reads a slug, a storefront path or a pasted storefront link, and nothing else", () => {
    expect(slugOfAddress("corner-cafe")).toBe("corner-cafe");
    expect(slugOfAddress(" Corner-Cafe ")).toBe("corner-cafe");
    expect(slugOfAddress("/s/corner-cafe")).toBe("corner-cafe");
    expect(slugOfAddress("s/corner-cafe/")).toBe("corner-cafe");
    expect(slugOfAddress("https://scrip.example/s/corner-cafe?ref=1#top")).toBe("corner-cafe");
    expect(slugOfAddress("https://scrip.example/wallet")).toBeNull();
    expect(slugOfAddress("javascript:alert(1)")).toBeNull();
    expect(slugOfAddress("a")).toBeNull();
    expect(slugOfAddress("x".repeat(400))).toBeNull();
    expect(slugOfAddress(42)).toBeNull();
  });

  it("names the shop; refuses an unknown address, a suspended shop and another currency in words", async () => {
    const shop = await makeShop();
    const [giver] = (await createUsers(t.db, 1)) as [TestUser];
    const found = await findShopByAddress(t.db, actorOf(giver), {
      address: `http://localhost:3000/s/${shop.slug}`,
      currency: "EUR",
    });
    expect(found).toEqual({
      name: expect.any(String),
      slug: shop.slug,
      partyId: shop.partyId,
      currency: "EUR",
    });
    const unknown = await expectAppError(
      findShopByAddress(t.db, actorOf(giver), { address: "no-such-shop-here", currency: "EUR" }),
      "NOT_FOUND",
    );
    expect(unknown.message).toContain("no-such-shop-here");
    const other = await expectAppError(
      findShopByAddress(t.db, actorOf(giver), { address: shop.slug, currency: "USD" }),
      "CURRENCY_MISMATCH",
    );
    expect(other.message).toMatch(/takes coupons in EUR only; this coupon is in USD/);
    await setPartyStatus(t.db, shop.partyId, "suspended");
    await expectAppError(
      findShopByAddress(t.db, actorOf(giver), { address: shop.slug, currency: "EUR" }),
      "ACCOUNT_SUSPENDED",
    );
  });
});

describe("giving to a shop", () => {
  it("offers a coupon to a shop by its link, with transfer.offered written in the offer's transaction", async () => {
    const shop = await makeShop();
    const [giver] = (await createUsers(t.db, 1)) as [TestUser];
    const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 1000n });
    const offer = await giveToShop(giver, coupon, "10.00", `https://scrip.example/s/${shop.slug}`);
    const [transfer] = await t.db.select().from(transfers).where(eq(transfers.id, offer.transferId));
    expect(transfer).toMatchObject({
      toPartyId: shop.partyId,
      fromPartyId: giver.partyId,
      status: "pending",
    });
    const offered = await messagesOf(shop.shopId, "transfer.offered");
    expect(offered.map((row) => row.payload)).toEqual([
      {
        type: "transfer.offered",
        timestamp: expect.any(String),
        data: {
          transferId: offer.transferId,
          groupId: null,
          couponId: coupon.id,
          amountMinor: "1000",
          currency: "EUR",
          expiresAt: transfer?.expiresAt.toISOString(),
          fromName: giver.handle,
        },
      },
    ]);
    // No secret of the offer travels: no claim code, no passkey assertion.
    expect(JSON.stringify(offered)).not.toMatch(/authorization|claim|signature/i);
    // The shop's members see it waiting.
    const page = await listShopOffers(t.db, shop.staffActor, { shopId: shop.shopId, limit: 50 });
    expect(page.offers).toEqual([
      expect.objectContaining({ transferId: offer.transferId, amountMinor: 1000n, fromName: giver.handle }),
    ]);
    await expectLedgerClean(t.db);
  });

  it("writes the offer and its webhook together: a rolled-back offer leaves neither", async () => {
    const shop = await makeShop();
    const [giver] = (await createUsers(t.db, 1)) as [TestUser];
    const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 700n });
    const draft = await beginGive(t.db, actorOf(giver), {
      couponId: coupon.id,
      amount: "7",
      currency: "EUR",
      recipientPartyId: shop.partyId,
      validitySeconds: 3_600,
      ip: null,
    });
    const authorization = await giver.authenticator.createAssertion(draft.options.challenge);
    const rollback = new Error("roll back");
    const seenInside = await t.db
      .transaction(async (tx) => {
        await offerTransfer(tx, actorOf(giver), {
          couponId: coupon.id,
          version: draft.version,
          recipient: { partyId: shop.partyId },
          expiresAt: new Date(draft.expiresAt),
          authorization,
        });
        const inside = await tx
          .select({ id: webhookMessages.id })
          .from(webhookMessages)
          .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
          .where(eq(webhookEndpoints.shopId, shop.shopId));
        throw Object.assign(rollback, { inside: inside.length });
      })
      .catch((error: Error & { inside?: number }) => error.inside);
    expect(seenInside).toBe(1);
    expect(await messagesOf(shop.shopId, "transfer.offered")).toEqual([]);
    expect(await t.db.select().from(transfers).where(eq(transfers.couponId, coupon.id))).toEqual([]);
  });

  it("refuses a shop in another currency, a suspended shop and an unknown party, writing nothing", async () => {
    const usdShop = await makeShop("USD");
    const eurShop = await makeShop();
    const [giver] = (await createUsers(t.db, 1)) as [TestUser];
    const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 1000n });
    const second = await issueTestCoupon(t.db, giver, { amountMinor: 1000n });
    const before = await snapshotCouponData(t.db);
    const draftTo = (partyId: string, amount = "10") =>
      beginGive(t.db, actorOf(giver), {
        couponId: coupon.id,
        amount,
        currency: "EUR",
        recipientPartyId: partyId,
        validitySeconds: 3_600,
        ip: null,
      });
    // Before any passkey prompt: the draft is refused.
    await expectAppError(draftTo(usdShop.partyId), "CURRENCY_MISMATCH");
    await expectAppError(draftTo(usdShop.partyId, "15"), "CURRENCY_MISMATCH");
    await expectAppError(draftTo(newId("party")), "NOT_FOUND");
    // The core refuses too, when a signed offer names such a shop (whole, part, several coupons).
    const eurDraft = await draftTo(eurShop.partyId);
    const eurSigned = await giver.authenticator.createAssertion(eurDraft.options.challenge);
    await setPartyStatus(t.db, eurShop.partyId, "suspended");
    const suspended = await expectAppError(
      offerTransfer(t.db, actorOf(giver), {
        couponId: coupon.id,
        version: eurDraft.version,
        recipient: { partyId: eurShop.partyId },
        expiresAt: new Date(eurDraft.expiresAt),
        authorization: eurSigned,
      }),
      "ACCOUNT_SUSPENDED",
    );
    expect(suspended.message).toMatch(/is suspended and cannot take coupons/);
    await expectAppError(draftTo(eurShop.partyId), "ACCOUNT_SUSPENDED");
    await expectAppError(
      givePart(t.db, actorOf(giver), {
        couponId: coupon.id,
        version: coupon.version,
        giveMinor: "400",
        currency: "EUR",
        recipient: { partyId: usdShop.partyId },
        expiresAt: new Date(Date.now() + 3_600_000),
        authorization: eurSigned,
      }),
      "CURRENCY_MISMATCH",
    );
    await expectAppError(
      giveGroup(t.db, actorOf(giver), {
        couponIds: [coupon.id, second.id],
        versions: [coupon.version, second.version],
        giveMinor: "1500",
        currency: "EUR",
        recipient: { partyId: usdShop.partyId },
        expiresAt: new Date(Date.now() + 3_600_000),
        authorization: eurSigned,
      }),
      "CURRENCY_MISMATCH",
    );
    const after = await snapshotCouponData(t.db);
    expect(after.coupons).toEqual(before.coupons);
    expect(after.transfers).toEqual(before.transfers);
    expect(after.events).toEqual(before.events);
    expect(after.postings).toEqual(before.postings);
    expect(await messagesOf(usdShop.shopId, "transfer.offered")).toEqual([]);
    expect(await messagesOf(eurShop.shopId, "transfer.offered")).toEqual([]);
  });
});

describe("the shop answers", () => {
  it("a member accepts with their passkey: the shop owns the coupon, the webhook says so, history verifies", async () => {
    const shop = await makeShop();
    const [giver] = (await createUsers(t.db, 1)) as [TestUser];
    const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 1000n });
    const offer = await giveToShop(giver, coupon, "4.00", shop.slug);
    const [transfer] = await t.db.select().from(transfers).where(eq(transfers.id, offer.transferId));
    const giftId = transfer?.couponId as string;
    // Without a passkey a member cannot accept; a wrong assertion is refused.
    await expectAppError(
      answerShopOfferAsMember(t.db, shop.staffActor, {
        slug: shop.slug,
        transferId: offer.transferId,
        answer: "accept",
        authorization: { id: "x" },
      }),
      "STEP_UP_INVALID",
    );
    const answer = await memberAccept(shop, shop.staff, offer.transferId);
    expect(answer).toMatchObject({ status: "accepted", groupId: null, transferIds: [offer.transferId] });
    expect(await ownerOf(giftId)).toMatchObject({ ownerPartyId: shop.partyId, status: "active", version: 2 });
    const [accepted] = await t.db.select().from(transfers).where(eq(transfers.id, offer.transferId));
    expect(accepted).toMatchObject({ status: "accepted", acceptedByPartyId: shop.partyId });
    expect((await messagesOf(shop.shopId, "transfer.accepted")).map((row) => row.payload)).toEqual([
      expect.objectContaining({
        data: { transferId: offer.transferId, couponId: giftId, amountMinor: "400", currency: "EUR" },
      }),
    ]);
    expect((await verifyCouponHistory(t.db, giftId)).problems).toEqual([]);
    // It is no longer listed, and answering again says so plainly.
    expect((await listShopOffers(t.db, shop.ownerActor, { shopId: shop.shopId, limit: 50 })).offers).toEqual(
      [],
    );
    const again = await expectAppError(
      answerShopOfferAsMember(t.db, shop.ownerActor, {
        slug: shop.slug,
        transferId: offer.transferId,
        answer: "decline",
      }),
      "TRANSFER_NOT_PENDING",
    );
    expect(again.message).toBe("This offer is no longer open: it was already accepted.");
    await expectAppError(
      beginAcceptShopOffer(t.db, shop.ownerActor, {
        slug: shop.slug,
        transferId: offer.transferId,
        ip: null,
      }),
      "TRANSFER_NOT_PENDING",
    );
    await expectLedgerClean(t.db);
  });

  it("a member declines without a passkey: the coupon stays with the giver; a cancelled offer disappears", async () => {
    const shop = await makeShop();
    const [giver] = (await createUsers(t.db, 1)) as [TestUser];
    const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 500n });
    const offer = await giveToShop(giver, coupon, "5", shop.slug);
    const answer = await answerShopOfferAsMember(t.db, shop.staffActor, {
      slug: shop.slug,
      transferId: offer.transferId,
      answer: "decline",
    });
    expect(answer.status).toBe("declined");
    expect(await ownerOf(coupon.id)).toMatchObject({ ownerPartyId: giver.partyId, status: "active" });
    expect(await messagesOf(shop.shopId, "transfer.declined")).toHaveLength(1);

    const next = await giveToShop(giver, coupon, "5", shop.slug);
    await cancelTransfer(t.db, actorOf(giver), { transferId: next.transferId });
    expect((await listShopOffers(t.db, shop.ownerActor, { shopId: shop.shopId, limit: 50 })).offers).toEqual(
      [],
    );
    const late = await expectAppError(
      memberAccept(shop, shop.owner, next.transferId),
      "TRANSFER_NOT_PENDING",
    );
    expect(late.message).toBe("This offer is no longer open: it was withdrawn by its giver.");
    await expectLedgerClean(t.db);
  });

  it("refuses a non-member and a member of another shop, as if the offer did not exist", async () => {
    const shop = await makeShop();
    const other = await makeShop();
    const [giver, outsider] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 500n });
    const offer = await giveToShop(giver, coupon, "5", shop.slug);
    const before = await snapshotCouponData(t.db);
    for (const answer of ["accept", "decline"] as const) {
      await expectAppError(
        answerShopOfferAsMember(t.db, actorOf(outsider), {
          slug: shop.slug,
          transferId: offer.transferId,
          answer,
        }),
        "NOT_FOUND",
      );
      // The other shop's owner, through their own shop: the offer is not theirs.
      await expectAppError(
        answerShopOfferAsMember(t.db, other.ownerActor, {
          slug: other.slug,
          transferId: offer.transferId,
          answer,
        }),
        "NOT_FOUND",
      );
      // ...nor through this shop's address.
      await expectAppError(
        answerShopOfferAsMember(t.db, other.ownerActor, {
          slug: shop.slug,
          transferId: offer.transferId,
          answer,
        }),
        "NOT_FOUND",
      );
    }
    await expectAppError(
      beginAcceptShopOffer(t.db, other.ownerActor, {
        slug: other.slug,
        transferId: offer.transferId,
        ip: null,
      }),
      "NOT_FOUND",
    );
    await expectAppError(
      listShopOffers(t.db, actorOf(outsider), { shopId: shop.shopId, limit: 10 }),
      "FORBIDDEN",
    );
    // The giver themself cannot answer their own offer for the shop.
    await expectAppError(
      answerShopOfferAsMember(t.db, actorOf(giver), {
        slug: shop.slug,
        transferId: offer.transferId,
        answer: "decline",
      }),
      "NOT_FOUND",
    );
    expect((await snapshotCouponData(t.db)).transfers).toEqual(before.transfers);
  });

  it("accepts a gift of several coupons whole, by any of its transfers", async () => {
    const shop = await makeShop();
    const [giver] = (await createUsers(t.db, 1)) as [TestUser];
    const first = await issueTestCoupon(t.db, giver, { amountMinor: 2000n });
    await issueTestCoupon(t.db, giver, { amountMinor: 2000n });
    const gift = await giveToShop(giver, first, "35", shop.slug);
    expect(gift.transferIds).toHaveLength(2);
    const offered = await messagesOf(shop.shopId, "transfer.offered");
    expect(offered).toHaveLength(2);
    expect(offered.map((row) => (row.payload as { data: { groupId: string } }).data.groupId)).toEqual([
      gift.groupId,
      gift.groupId,
    ]);
    // The dashboard shows one offer of €35.00 in 2 coupons; the list has both transfers.
    const page = await listShopOffers(t.db, shop.ownerActor, { shopId: shop.shopId, limit: 50 });
    expect(page.offers.map((offer) => offer.groupId)).toEqual([gift.groupId, gift.groupId]);
    const answer = await memberAccept(shop, shop.owner, gift.transferIds[1] as string);
    expect(answer.groupId).toBe(gift.groupId);
    expect(new Set(answer.transferIds)).toEqual(new Set(gift.transferIds));
    const decided = await t.db.select().from(transfers).where(inArray(transfers.id, gift.transferIds));
    expect(decided.every((row) => row.status === "accepted" && row.acceptedByPartyId === shop.partyId)).toBe(
      true,
    );
    const [group] = await t.db
      .select()
      .from(transferGroups)
      .where(eq(transferGroups.id, gift.groupId as string));
    expect(group).toMatchObject({ status: "accepted", acceptedByPartyId: shop.partyId });
    const held = await t.db.select().from(coupons).where(eq(coupons.ownerPartyId, shop.partyId));
    expect(held.reduce((sum, row) => sum + row.amountMinor, 0n)).toBe(3500n);
    for (const row of held) expect((await verifyCouponHistory(t.db, row.id)).problems).toEqual([]);
    expect(await messagesOf(shop.shopId, "transfer.accepted")).toHaveLength(2);
    await expectLedgerClean(t.db);
  });

  it("answering twice at once applies once", async () => {
    const shop = await makeShop();
    const [giver] = (await createUsers(t.db, 1)) as [TestUser];
    const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 900n });
    const offer = await giveToShop(giver, coupon, "9", shop.slug);
    const [a, b] = await Promise.allSettled([
      memberAccept(shop, shop.owner, offer.transferId),
      answerShopOfferAsMember(t.db, shop.staffActor, {
        slug: shop.slug,
        transferId: offer.transferId,
        answer: "decline",
      }),
    ]);
    const outcomes = [a, b].map((result) => result.status);
    expect(outcomes.sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = [a, b].find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as { code: string }).code).toBe("TRANSFER_NOT_PENDING");
    const [row] = await t.db.select().from(transfers).where(eq(transfers.id, offer.transferId));
    expect(["accepted", "declined"]).toContain(row?.status);
    const answered =
      (await messagesOf(shop.shopId, "transfer.accepted")).length +
      (await messagesOf(shop.shopId, "transfer.declined")).length;
    expect(answered).toBe(1);
    await expectLedgerClean(t.db);
  });
});

describe("the shop's server", () => {
  it("lists only this shop's pending offers, paginated; declines a gift whole through the API", async () => {
    const shop = await makeShop();
    const other = await makeShop();
    const { key } = await createApiKey(t.db, systemActor("test"), {
      shopId: shop.shopId,
      name: "server",
      scopes: ["read", "payments"],
    });
    const [giver] = (await createUsers(t.db, 1)) as [TestUser];
    const mine: string[] = [];
    for (let index = 0; index < 3; index++) {
      const coupon = await issueTestCoupon(t.db, giver, { amountMinor: 300n });
      mine.push((await giveToShop(giver, coupon, "3", shop.slug)).transferId);
    }
    const theirs = await issueTestCoupon(t.db, giver, { amountMinor: 300n });
    await giveToShop(giver, theirs, "3", other.slug);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 5; pages++) {
      const response = await call(t.db, listTransfersRoute, "GET", "/transfers", {
        key,
        query: { status: "pending", limit: "2", ...(cursor ? { cursor } : {}) },
      });
      expect(response.status).toBe(200);
      await expectDocumented("/transfers", "GET", response);
      const data = response.json.data as {
        transfers: { id: string; fromName: string }[];
        nextCursor: string | null;
      };
      seen.push(...data.transfers.map((offer) => offer.id));
      if (!data.nextCursor) break;
      cursor = data.nextCursor;
    }
    expect(seen.sort()).toEqual([...mine].sort());
    // Another status is not a list this endpoint serves.
    const bad = await call(t.db, listTransfersRoute, "GET", "/transfers", {
      key,
      query: { status: "accepted" },
    });
    expect(bad.status).toBe(400);
    // Hostile pages: a forged cursor, a page size out of bounds or not a number is a 400 that lists nothing.
    const hostilePages: Record<string, string>[] = [
      { status: "pending", cursor: "not-a-cursor" },
      { status: "pending", cursor: "x".repeat(5000) },
      { status: "pending", limit: "0" },
      { status: "pending", limit: "100000" },
      { status: "pending", limit: "abc" },
    ];
    for (const query of hostilePages) {
      const hostile = await call(t.db, listTransfersRoute, "GET", "/transfers", { key, query });
      expect(hostile.status, JSON.stringify(query)).toBe(400);
    }
    // A key without read may not list.
    const { key: paymentsOnly } = await createApiKey(t.db, systemActor("test"), {
      shopId: shop.shopId,
      name: "payments",
      scopes: ["payments"],
    });
    expect((await call(t.db, listTransfersRoute, "GET", "/transfers", { key: paymentsOnly })).status).toBe(
      403,
    );

    // A gift of several coupons: declining one of its transfers declines the whole gift.
    const first = await issueTestCoupon(t.db, giver, { amountMinor: 1000n });
    await issueTestCoupon(t.db, giver, { amountMinor: 1000n });
    const gift = await giveToShop(giver, first, "15", shop.slug);
    const declined = await call(t.db, declineRoute, "POST", `/transfers/${gift.transferId}/decline`, {
      key,
      params: { id: gift.transferId },
    });
    expect(declined.status).toBe(200);
    await expectDocumented("/transfers/{id}/decline", "POST", declined);
    expect(declined.json.data).toMatchObject({ status: "declined", groupId: gift.groupId });
    const decided = await t.db.select().from(transfers).where(inArray(transfers.id, gift.transferIds));
    expect(decided.map((row) => row.status)).toEqual(["declined", "declined"]);
    // And accepting it afterwards is refused plainly.
    const late = await call(t.db, acceptRoute, "POST", `/transfers/${gift.transferIds[1]}/accept`, {
      key,
      params: { id: gift.transferIds[1] as string },
    });
    expect(late.status).toBe(409);
    expect((late.json.error as { message: string }).message).toBe(
      "This offer is no longer open: it was already declined.",
    );
    // A single offer accepted through the API.
    const accepted = await call(t.db, acceptRoute, "POST", `/transfers/${mine[0]}/accept`, {
      key,
      params: { id: mine[0] as string },
    });
    expect(accepted.status).toBe(200);
    await expectDocumented("/transfers/{id}/accept", "POST", accepted);
    expect(accepted.json.data).toMatchObject({ status: "accepted", groupId: null, transferIds: [mine[0]] });
    await expectLedgerClean(t.db);
  });
});
