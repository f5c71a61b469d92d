/**
 * Batched owner changes for shop servers (issue 19, part 3): POST /api/v1/transfers/accept accepts up to 1,000
 * offers to the calling shop in one idempotent call, each with its own result (as the single accept would
 * answer it), committed in groups; concurrent batches over the same offers accept each exactly once.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as verifyRoute } from "../../app/api/v1/coupons/verify/route";
import { POST as acceptOneRoute } from "../../app/api/v1/transfers/[id]/accept/route";
import { POST as batchRoute } from "../../app/api/v1/transfers/accept/route";
import {
  couponEvents,
  coupons,
  postings,
  transfers,
  webhookEndpoints,
  webhookMessages,
} from "../../db/schema";
import {
  beginIdempotentRequest,
  releaseIdempotentRequest,
  requestFingerprint,
  saveIdempotentProgress,
} from "../../lib/api/idempotency-records";
import { verifyApiKey } from "../../lib/api-keys/verify-api-key";
import { verifyCouponHistory } from "../../lib/events/verify-coupon-history";
import { newId } from "../../lib/ids";
import { acceptShopOffers } from "../../lib/transfers/accept-shop-offers";
import { beginGive } from "../../lib/transfers/begin-give";
import { giveGroup } from "../../lib/transfers/give-group";
import { call, expectDocumented, shopWithKey, tokenOf } from "../support/api-client";
import {
  actorOf,
  couponTestDatabaseForFile,
  createUsers,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";
import { setPartyStatus } from "../support/suspension-fixtures";

const t = couponTestDatabaseForFile({ max: 20 });
const path = "/transfers/accept";

type Result = {
  transferId: string;
  status: "accepted" | "refused";
  coupon?: { id: string; amountMinor: string; currency: string; version: number };
  groupId?: string | null;
  transferIds?: string[];
  error?: { code: string; message: string };
};
type Batch = { accepted: number; refused: number; results: Result[] };

async function makeShop() {
  const shop = await shopWithKey(t.db, ["read", "payments"]);
  await t.db.insert(webhookEndpoints).values({
    id: newId("webhookEndpoint"),
    shopId: shop.shopId,
    url: "https://93.184.215.14/hooks",
    eventTypes: ["transfer.accepted"],
    secretEncrypted: "unused-in-this-test",
  });
  return shop;
}
type Shop = Awaited<ReturnType<typeof makeShop>>;

/** A new giver's coupon offered to `partyId`. */
async function offerTo(partyId: string, giver?: TestUser) {
  const from = giver ?? ((await createUsers(t.db, 1))[0] as TestUser);
  const coupon = await issueTestCoupon(t.db, from);
  const offer = await offerTestCoupon(t.db, from, coupon, { partyId });
  return { ...offer, giver: from };
}

/** A gift of two coupons (€20 + €20, €35 given: the second is split) offered to the shop whole. */
async function giftTo(partyId: string) {
  const [giver] = (await createUsers(t.db, 1)) as [TestUser];
  const first = await issueTestCoupon(t.db, giver, { amountMinor: 2000n });
  await issueTestCoupon(t.db, giver, { amountMinor: 2000n });
  const draft = await beginGive(t.db, actorOf(giver), {
    couponId: first.id,
    amount: "35",
    currency: "EUR",
    recipientPartyId: partyId,
    validitySeconds: 86_400,
    ip: null,
  });
  if (!draft.group) throw new Error("expected a gift of several coupons");
  const gift = await giveGroup(t.db, actorOf(giver), {
    couponIds: draft.group.couponIds,
    versions: draft.group.versions,
    giveMinor: draft.giveMinor,
    currency: draft.currency,
    recipient: { partyId },
    expiresAt: new Date(draft.expiresAt),
    claimCodeHash: null,
    authorization: await giver.authenticator.createAssertion(draft.options.challenge),
  });
  return { groupId: gift.groupId, transferIds: gift.transferIds };
}

const batch = (shop: Shop, ids: string[], idempotencyKey?: string) =>
  call(t.db, batchRoute, "POST", path, { key: shop.key, body: { transfers: ids }, idempotencyKey });
const single = (shop: Shop, id: string) =>
  call(t.db, acceptOneRoute, "POST", `/transfers/${id}/accept`, { key: shop.key, params: { id } });

async function couponOf(transferId: string) {
  const [row] = await t.db
    .select({ coupon: coupons })
    .from(transfers)
    .innerJoin(coupons, eq(coupons.id, transfers.couponId))
    .where(eq(transfers.id, transferId));
  if (!row) throw new Error("no such transfer");
  return row.coupon;
}

describe("POST /api/v1/transfers/accept", () => {
  it("answers a mixed batch transfer by transfer, as the single accept would, and commits the good ones", async () => {
    const shop = await makeShop();
    const other = await makeShop();
    const good = [await offerTo(shop.partyId), await offerTo(shop.partyId)];
    const othersOffer = await offerTo(other.partyId);
    const expired = await offerTo(shop.partyId);
    await t.db
      .update(transfers)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(transfers.id, expired.transferId));
    const taken = await offerTo(shop.partyId);
    expect((await single(shop, taken.transferId)).status).toBe(200);
    const suspendedGiver = await offerTo(shop.partyId);
    await setPartyStatus(t.db, (await couponOf(suspendedGiver.transferId)).ownerPartyId, "suspended");
    const gift = await giftTo(shop.partyId);
    const unknown = newId("transfer");
    const ids = [
      good[0]?.transferId,
      unknown,
      othersOffer.transferId,
      expired.transferId,
      taken.transferId,
      gift.transferIds[1],
      suspendedGiver.transferId,
      good[1]?.transferId,
    ] as string[];

    const response = await batch(shop, ids);
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    await expectDocumented(path, "POST", response);
    const data = response.json.data as Batch;
    expect(data.results.map((r) => r.transferId)).toEqual(ids);
    expect(data.results.map((r) => r.status)).toEqual([
      "accepted",
      "refused",
      "refused",
      "refused",
      "refused",
      "accepted",
      "refused",
      "accepted",
    ]);
    expect({ accepted: data.accepted, refused: data.refused }).toEqual({ accepted: 3, refused: 5 });
    expect(data.results.filter((r) => r.status === "refused").map((r) => r.error?.code)).toEqual([
      "NOT_FOUND",
      "NOT_FOUND",
      "TRANSFER_EXPIRED",
      "TRANSFER_NOT_PENDING",
      "ACCOUNT_SUSPENDED",
    ]);

    // Every refusal is word for word what the single accept answers for the same transfer (which changes nothing).
    for (const result of data.results.filter((r) => r.status === "refused")) {
      const one = await single(shop, result.transferId);
      expect((one.json as { error: unknown }).error, result.transferId).toEqual(result.error);
    }
    // An accepted transfer carries the coupon's new state as the single accept returns it; the gift is whole.
    for (const result of data.results.filter((r) => r.status === "accepted")) {
      const coupon = await couponOf(result.transferId);
      expect(coupon.ownerPartyId).toBe(shop.partyId);
      expect(coupon.funded).toBe(true);
      expect(result.coupon).toEqual({
        id: coupon.id,
        amountMinor: coupon.amountMinor.toString(),
        currency: "EUR",
        version: coupon.version,
      });
      expect((await verifyCouponHistory(t.db, coupon.id)).ok).toBe(true);
      // The issuer's owner attestation made in the batch verifies: the token is current and the shop's.
      const verdict = await call(t.db, verifyRoute, "POST", "/coupons/verify", {
        key: shop.key,
        body: { token: await tokenOf(t.db, coupon.id) },
      });
      expect(verdict.json.data).toMatchObject({ valid: true, coupon: { current: true, ownedByYou: true } });
    }
    const giftResult = data.results[5];
    expect(giftResult?.groupId).toBe(gift.groupId);
    expect([...(giftResult?.transferIds ?? [])].sort()).toEqual([...gift.transferIds].sort());
    for (const id of gift.transferIds) expect((await couponOf(id)).ownerPartyId).toBe(shop.partyId);
    const again = await single(shop, good[0]?.transferId as string);
    expect((again.json as { error: { code: string } }).error.code).toBe("TRANSFER_NOT_PENDING");

    // One transfer.accepted message per accepted transfer (the gift's two included), written with the change.
    const accepted = [good[0]?.transferId, good[1]?.transferId, ...gift.transferIds] as string[];
    const messages = await t.db
      .select({ payload: webhookMessages.payload })
      .from(webhookMessages)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
      .where(
        and(eq(webhookEndpoints.shopId, shop.shopId), eq(webhookMessages.eventType, "transfer.accepted")),
      );
    const announced = messages.map((m) => (m.payload as { data: { transferId: string } }).data.transferId);
    expect(announced.sort()).toEqual([...accepted, taken.transferId].sort());
    await setPartyStatus(t.db, (await couponOf(suspendedGiver.transferId)).ownerPartyId, "active");
    await expectLedgerClean(t.db);
  });

  it("accepts a gift once when several of its transfers are in the batch", async () => {
    const shop = await makeShop();
    const gift = await giftTo(shop.partyId);
    const fillers = [];
    for (let i = 0; i < 3; i++) fillers.push((await offerTo(shop.partyId)).transferId);
    const ids = [gift.transferIds[0], ...fillers, gift.transferIds[1]] as string[];
    const data = (await batch(shop, ids)).json.data as Batch;
    expect(data.results.map((r) => r.status)).toEqual(ids.map(() => "accepted"));
    for (const result of [data.results[0], data.results[4]]) {
      expect(result?.groupId).toBe(gift.groupId);
      expect([...(result?.transferIds ?? [])].sort()).toEqual([...gift.transferIds].sort());
    }
    expect(data.results[0]?.transferIds).toEqual(data.results[4]?.transferIds);
    for (const id of gift.transferIds) {
      const events = await t.db
        .select()
        .from(couponEvents)
        .where(and(eq(couponEvents.transferId, id), eq(couponEvents.kind, "accepted")));
      expect(events).toHaveLength(1);
    }
    await expectLedgerClean(t.db);
  });

  it("replays the same answer for the same key and body, refuses the key with another body", async () => {
    const shop = await makeShop();
    const offers = [(await offerTo(shop.partyId)).transferId, (await offerTo(shop.partyId)).transferId];
    const key = `batch-${newId("transfer")}`;
    const first = await batch(shop, offers, key);
    expect(first.status).toBe(200);
    const before = await snapshotCouponData(t.db);
    const replay = await batch(shop, offers, key);
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.json).toEqual(first.json);
    const reused = await batch(shop, [offers[0] as string], key);
    expect(reused.status).toBe(422);
    expect((reused.json as { error: { code: string } }).error.code).toBe("IDEMPOTENCY_MISMATCH");
    expect(await snapshotCouponData(t.db)).toEqual(before);
  });

  it("refuses more than 1,000 ids, duplicates, malformed ids, none, and a missing key, changing nothing", async () => {
    const shop = await makeShop();
    const offer = await offerTo(shop.partyId);
    const many = [offer.transferId, ...Array.from({ length: 1000 }, () => newId("transfer"))];
    const before = await snapshotCouponData(t.db);
    const cases: [unknown, string][] = [
      [{ transfers: many }, "Send at most 1,000 transfers per call."],
      [{ transfers: [offer.transferId, offer.transferId] }, "Each transfer may appear only once in a call."],
      [
        { transfers: [offer.transferId, "trf_nope"] },
        "Every transfer must be a transfer id such as trf_0123456789abcdefABCDEF.",
      ],
      [{ transfers: [] }, "Send at least one transfer."],
    ];
    for (const [body, message] of cases) {
      const response = await call(t.db, batchRoute, "POST", path, { key: shop.key, body });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ error: { code: "VALIDATION_FAILED", message } });
    }
    const keyless = await call(t.db, batchRoute, "POST", path, {
      key: shop.key,
      body: { transfers: [offer.transferId] },
      idempotencyKey: null,
    });
    expect(keyless.status).toBe(400);
    expect(await snapshotCouponData(t.db)).toEqual(before);
  });

  it("two concurrent batches over overlapping offers accept each exactly once", async () => {
    const shop = await makeShop();
    const givers = await createUsers(t.db, 3);
    const ids: string[] = [];
    for (let i = 0; i < 210; i++) ids.push((await offerTo(shop.partyId, givers[i % 3])).transferId);
    // Both callers hold every offer in the middle; one sends them in reverse, so their groups cross.
    const a = ids.slice(0, 150);
    const b = ids.slice(60).reverse();
    const [ra, rb] = await Promise.all([batch(shop, a), batch(shop, b)]);
    expect(ra.status).toBe(200);
    expect(rb.status).toBe(200);
    const results = [...(ra.json.data as Batch).results, ...(rb.json.data as Batch).results];
    const winners = results.filter((r) => r.status === "accepted").map((r) => r.transferId);
    expect(winners.sort()).toEqual([...ids].sort());
    for (const loser of results.filter((r) => r.status === "refused")) {
      expect(loser.error?.code).toBe("TRANSFER_NOT_PENDING");
    }
    const couponIds = (
      await t.db.select({ id: transfers.couponId }).from(transfers).where(inArray(transfers.id, ids))
    ).map((row) => row.id);
    const versions = await t.db
      .select({ version: coupons.version, owner: coupons.ownerPartyId })
      .from(coupons)
      .where(inArray(coupons.id, couponIds));
    expect(versions.every((row) => row.version === 2 && row.owner === shop.partyId)).toBe(true);
    const [counts] = await t.db
      .select({
        events: sql<number>`(select count(*)::int from ${couponEvents} where ${inArray(couponEvents.couponId, couponIds)} and kind = 'accepted')`,
        fundings: sql<number>`(select count(*)::int from ${postings} where ${inArray(postings.couponId, couponIds)} and kind = 'funding')`,
      })
      .from(sql`(select 1) as one`);
    expect(counts).toEqual({ events: 210, fundings: 210 });
    await expectLedgerClean(t.db);
  });

  it("resumes after a call that died part-way: committed groups are not repeated, the answer is whole", async () => {
    const shop = await makeShop();
    const [giver] = (await createUsers(t.db, 1)) as [TestUser];
    const ids: string[] = [];
    for (let i = 0; i < 130; i++) ids.push((await offerTo(shop.partyId, giver)).transferId);
    ids.splice(3, 0, newId("transfer"));
    // A gift's transfers in the first group and in the last: accepted whole in the first, reported with it after.
    const gift = await giftTo(shop.partyId);
    ids.splice(1, 0, gift.transferIds[0] as string);
    ids.push(gift.transferIds[1] as string);
    const key = `resume-${newId("transfer")}`;
    const body = { transfers: ids };
    // The first attempt: its first group of 100 commits with its progress, then the process dies in the second.
    const start = await beginIdempotentRequest(t.db, {
      shopId: shop.shopId,
      key,
      fingerprint: requestFingerprint("POST", `/api/v1${path}`, body),
    });
    if (start.kind !== "new") throw new Error("expected a fresh key");
    const lease = { shopId: shop.shopId, key, leaseToken: start.leaseToken };
    let steps = 0;
    const crash = acceptShopOffers(
      t.db,
      await verifyApiKey(t.db, shop.key),
      { shopId: shop.shopId, transferIds: ids },
      {
        save: async (tx, progress) => {
          steps += 1;
          if (steps === 2) throw new Error("the process died");
          await saveIdempotentProgress(tx, { ...lease, progress });
        },
      },
    );
    await expect(crash).rejects.toThrow("the process died");
    await releaseIdempotentRequest(t.db, lease);
    const accepted = await t.db
      .select({ id: transfers.id })
      .from(transfers)
      .where(and(inArray(transfers.id, ids), eq(transfers.status, "accepted")));
    expect(accepted).toHaveLength(100); // 98 offers, the unknown id refused, and the gift: both its transfers

    // The client's retry with the same key carries on: the first 100 come from the saved progress.
    const retry = await batch(shop, ids, key);
    expect(retry.status, JSON.stringify(retry.json)).toBe(200);
    const data = retry.json.data as Batch;
    expect({ accepted: data.accepted, refused: data.refused }).toEqual({ accepted: 132, refused: 1 });
    expect(data.results.map((r) => r.transferId)).toEqual(ids);
    expect(data.results[4]?.error?.code).toBe("NOT_FOUND");
    const plain = data.results.filter((r) => r.status === "accepted" && r.groupId === null);
    expect(plain).toHaveLength(130);
    expect(plain.every((r) => r.coupon?.version === 2)).toBe(true);
    const [first, last] = [data.results[1], data.results.at(-1)];
    expect(first?.groupId).toBe(gift.groupId);
    expect(last).toMatchObject({
      status: "accepted",
      groupId: gift.groupId,
      transferIds: first?.transferIds,
    });
    const replay = await batch(shop, ids, key);
    expect(replay.json).toEqual(retry.json);
    await expectLedgerClean(t.db);
  });
});
