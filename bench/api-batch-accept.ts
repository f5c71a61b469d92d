import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { asc, eq, inArray } from "drizzle-orm";
import { POST as acceptTransfersRoute } from "../app/api/v1/transfers/accept/route";
import type { Db } from "../db/client";
import { couponEvents, coupons, transfers, webhookEndpoints } from "../db/schema";
import { createApiKey } from "../lib/api-keys/create-api-key";
import { systemActor, userActor } from "../lib/auth/actor";
import { createStepUpOptions } from "../lib/auth/step-up-challenge";
import { attestOwner, signValuePart } from "../lib/coupons/sign-coupon-parts";
import { eventBody, eventHash, type JsonObject } from "../lib/events/event-hash";
import { newId } from "../lib/ids";
import { offerTransfer } from "../lib/transfers/offer-transfer";
import { prepareOffer } from "../lib/transfers/prepare-offer";
import { createTestShop } from "../tests/support/auth-sessions";
import type { TestUser } from "../tests/support/identity";
import type { BenchDatabase } from "./database";
import { createBenchUsers, issueBenchCoupon } from "./owner-change";
import { runWorkers } from "./stats";

const givers = 8;

const insertRows = 500;

/** `from` offers the coupon at its current version to a party (a shop), with a real passkey assertion. */
export async function offerBenchCouponTo(db: Db, couponId: string, from: TestUser, partyId: string) {
  const [coupon] = await db
    .select({ version: coupons.version })
    .from(coupons)
    .where(eq(coupons.id, couponId));
  const version = coupon?.version ?? 1;
  const expiresAt = new Date(Date.now() + 3_600_000);
  const { operation } = prepareOffer({ couponId, version, recipient: { partyId }, expiresAt });
  const options = await createStepUpOptions(db, { userId: from.userId, operation });
  const offer = await offerTransfer(db, userActor({ userId: from.userId, partyId: from.partyId }), {
    couponId,
    version,
    recipient: { partyId },
    expiresAt,
    authorization: from.authenticator.createAssertion(options.challenge, { counter: 0 }),
  });
  return offer.transferId;
}

/**
 * `count` offers to a new shop, prepared untimed. One real offer per giver is made through the domain code
 * (issuance and offer with real passkey assertions); the rest are copies of those rows (coupon, its issued and
 * offered events, the pending transfer) under new ids, with the value part re-signed, the owner part re-attested
 * and every event's hash chain recomputed, so each is a coupon the accept and the ledger check take as real. The
 * giver's recorded assertions are the template's: the accept does not re-verify the giver's authorisation.
 */
export async function prepareOffers(bench: Pick<BenchDatabase, "db">, users: TestUser[], count: number) {
  const shop = await createTestShop(bench.db);
  const { key } = await createApiKey(bench.db, systemActor("bench"), {
    shopId: shop.shopId,
    name: "bench",
    scopes: ["payments"],
  });
  // As a real shop server would have: every accept also writes its transfer.accepted outbox message.
  await bench.db.insert(webhookEndpoints).values({
    id: newId("webhookEndpoint"),
    shopId: shop.shopId,
    url: "https://93.184.215.14/hooks",
    eventTypes: ["transfer.accepted"],
    secretEncrypted: "unused-in-the-benchmark",
  });
  const templates = [];
  for (const giver of users.slice(0, givers)) {
    const couponId = await issueBenchCoupon(bench.db, giver, "EUR");
    const transferId = await offerBenchCouponTo(bench.db, couponId, giver, shop.partyId);
    const [coupon] = await bench.db.select().from(coupons).where(eq(coupons.id, couponId));
    const [transfer] = await bench.db.select().from(transfers).where(eq(transfers.id, transferId));
    const events = await bench.db
      .select()
      .from(couponEvents)
      .where(eq(couponEvents.couponId, couponId))
      .orderBy(asc(couponEvents.seq));
    if (!coupon || !transfer) throw new Error("bench template offer missing");
    templates.push({ coupon, transfer, events });
  }
  const transferIds = templates.map((template) => template.transfer.id);
  for (let from = templates.length; from < count; from += insertRows) {
    const couponRows = [];
    const transferRows = [];
    const eventRows = [];
    for (let i = from; i < Math.min(count, from + insertRows); i++) {
      const template = templates[i % templates.length] as (typeof templates)[number];
      const couponId = newId("coupon");
      const transferId = newId("transfer");
      const value = await signValuePart(bench.db, { ...template.coupon, couponId });
      const owner = await attestOwner(bench.db, {
        couponId,
        ownerPartyId: template.coupon.ownerPartyId,
        version: template.coupon.version,
        basis: "passkey",
      });
      couponRows.push({
        ...template.coupon,
        id: couponId,
        valueKid: value.kid,
        valueSignature: value.signature,
        ownerAttestation: owner,
      });
      transferRows.push({ ...template.transfer, id: transferId, couponId });
      let prevHash: string | null = null;
      for (const event of template.events) {
        const copy = { ...event, couponId, transferId: event.transferId ? transferId : null };
        const body = eventBody({ ...copy, data: copy.data as JsonObject, at: copy.createdAt });
        const hash: string = eventHash(prevHash, copy.seq, body);
        eventRows.push({ ...copy, id: newId("couponEvent"), prevHash, hash });
        prevHash = hash;
      }
      transferIds.push(transferId);
    }
    await bench.db.insert(coupons).values(couponRows);
    await bench.db.insert(transfers).values(transferRows);
    await bench.db.insert(couponEvents).values(eventRows);
  }
  return { shopId: shop.shopId, key, transferIds };
}

/** With BENCH_PROFILE_DIR set, a CPU profile of the timed part only (for finding where the time goes). */
async function startProfile(): Promise<() => Promise<void>> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return async () => {};
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    fs.writeFileSync(path.join(dir, `api-batch-accept-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * Accepted transfers per second through the real route handler of POST /api/v1/transfers/accept (a `Request`
 * with a real API key and Idempotency-Key, handed to the handler Next calls, in-process), with `callers`
 * concurrent callers each posting batches of up to `batchSize` from a shared queue.
 */
export async function runBatchAcceptScenario(
  bench: BenchDatabase,
  options: { callers: number; batchSize: number; count: number },
) {
  const users = await createBenchUsers(bench.db, givers);
  const prepared = await prepareOffers(bench, users, options.count);
  const batches: string[][] = [];
  for (let i = 0; i < prepared.transferIds.length; i += options.batchSize)
    batches.push(prepared.transferIds.slice(i, i + options.batchSize));
  let accepted = 0;
  const stopProfile = await startProfile();
  const batchesPerSecond = await runWorkers(batches, options.callers, async (ids) => {
    const request = new Request("http://localhost:3000/api/v1/transfers/accept", {
      method: "POST",
      headers: {
        Authorization: `Bearer ${prepared.key}`,
        "Idempotency-Key": randomUUID(),
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ transfers: ids }),
    });
    const response = await acceptTransfersRoute.run({ db: bench.db }, request);
    const json = (await response.json()) as { data?: { accepted: number } };
    if (response.status !== 200 || json.data?.accepted !== ids.length)
      throw new Error(`batch accept answered ${response.status}: ${JSON.stringify(json).slice(0, 500)}`);
    accepted += json.data.accepted;
  });
  await stopProfile();
  const owned = await bench.db
    .select({ id: coupons.id })
    .from(transfers)
    .innerJoin(coupons, eq(coupons.id, transfers.couponId))
    .where(inArray(transfers.id, prepared.transferIds.slice(0, 1000)));
  if (accepted !== options.count || owned.length === 0)
    throw new Error(`accepted ${accepted} of ${options.count}`);
  const seconds = batches.length / batchesPerSecond;
  return { perSecond: accepted / seconds, seconds, accepted };
}
