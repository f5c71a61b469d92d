import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { column, queryRows } from "../../db/rows";
import { systemActor } from "../../lib/auth/actor";
import { runCharging } from "../../lib/charging/run-charging";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { purgeLiveEvents } from "../../lib/jobs/purge-live-events";
import { liveConfigFromEnv } from "../../lib/live/live-config";
import { type LiveConnection, LiveHub } from "../../lib/live/live-hub";
import { liveRoute } from "../../lib/live/live-route";
import { revokeSession } from "../../lib/sessions/revoke-session";
import { createTestSession, createTestShop } from "../support/auth-sessions";
import {
  actorOf,
  authorize,
  couponTestDatabaseForFile,
  createUsers,
  giveTestCoupon,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";
import { checkoutWith, createShopWithProducts } from "../support/shop-fixtures";

const t = couponTestDatabaseForFile();
const hubs: LiveHub[] = [];
const listeners: postgres.Sql[] = [];

/** A hub as one app process runs it: its own LISTEN connection to the test database. */
async function startHub(
  limits: { maxPerSession?: number; maxConnections?: number; catchUpMax?: number } = {},
): Promise<LiveHub> {
  const listener = postgres(t.url, { max: 1, onnotice: () => {} });
  listeners.push(listener);
  const hub = new LiveHub(t.db, listener, { ...liveConfigFromEnv({}), ...limits });
  await hub.start();
  hubs.push(hub);
  return hub;
}

afterAll(async () => {
  for (const hub of hubs) await hub.stop();
  for (const listener of listeners) await listener.end({ timeout: 1 });
});

interface Recorded extends LiveConnection {
  frames: string[];
  closed: boolean;
}

/** A stream that records what the hub writes to it. */
function recorder(sessionId: string, partyId: string, audiences: string[]): Recorded {
  const connection: Recorded = {
    sessionId,
    partyId,
    audiences: new Set(audiences),
    frames: [],
    closed: false,
    write: (frame) => {
      connection.frames.push(frame);
      return true;
    },
    close: () => {
      connection.closed = true;
    },
  };
  return connection;
}

/** The data of the recorded message events, in order. */
const messagesOf = (frames: string[]) =>
  frames
    .filter((frame) => frame.startsWith("id: "))
    .map(
      (frame) =>
        JSON.parse(frame.split("\ndata: ")[1] ?? "{}") as { topic: string; ref: string; scope: string },
    );

async function lastEventId(): Promise<bigint> {
  const [row] = await queryRows(
    t.db,
    { id: column.bigint },
    sql`select coalesce(max(id), 0)::text as id from live_events`,
  );
  return row?.id ?? 0n;
}

async function eventsAfter(id: bigint) {
  return queryRows(
    t.db,
    { audience: column.text, topic: column.text, ref: column.text },
    sql`select audience, topic, ref from live_events where id > ${id.toString()}::bigint order by id`,
  );
}

const sortEvents = <T extends { audience: string; topic: string; ref: string }>(rows: T[]) =>
  rows.map((r) => `${r.topic} ${r.ref} → ${r.audience}`).sort();

let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
beforeAll(async () => {
  [alice, bob, carol] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
});

describe("announcing changes from the database", () => {
  it("a committed offer is announced to exactly its giver and recipient, in the same transaction", async () => {
    const coupon = await issueTestCoupon(t.db, alice);
    const before = await lastEventId();
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    // The offer also writes Bob's "offer received" notification (migration 0014), announced to him (0015).
    const [notification] = await queryRows(
      t.db,
      { id: column.text },
      sql`select id::text as id from notifications where party_id = ${bob.partyId} and ref = ${offer.transferId}`,
    );
    expect(notification).toBeDefined();
    expect(sortEvents(await eventsAfter(before))).toEqual(
      sortEvents([
        { topic: "transfer", ref: offer.transferId, audience: alice.partyId },
        { topic: "transfer", ref: offer.transferId, audience: bob.partyId },
        { topic: "coupon", ref: coupon.id, audience: alice.partyId },
        { topic: "notification", ref: notification?.id ?? "", audience: bob.partyId },
      ]),
    );
  });

  it("a rolled-back change announces nothing: no row, and no notification reaches a listener", async () => {
    const hub = await startHub();
    const watcher = recorder("session_watch_rollback", bob.partyId, [bob.partyId]);
    hub.add(watcher);
    const coupon = await issueTestCoupon(t.db, alice);
    const before = await lastEventId();
    const rolledBack = new Error("roll back");
    await expect(
      t.db.transaction(async (tx) => {
        await offerTestCoupon(tx, alice, coupon, { partyId: bob.partyId });
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await eventsAfter(before)).toEqual([]);
    // Notifications arrive in commit order: the first thing Bob hears is the offer committed afterwards.
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    await vi.waitFor(() => expect(messagesOf(watcher.frames).length).toBeGreaterThan(0));
    expect(messagesOf(watcher.frames)[0]).toEqual({ topic: "transfer", ref: offer.transferId, scope: "you" });
  });

  it("an accepted gift tells the new owner and the old owner about the coupon, and nobody else", async () => {
    const coupon = await issueTestCoupon(t.db, alice);
    const before = await lastEventId();
    await giveTestCoupon(t.db, alice, bob, coupon);
    const rows = await eventsAfter(before);
    expect(new Set(rows.map((row) => row.audience))).toEqual(new Set([alice.partyId, bob.partyId]));
    expect(
      rows.some((row) => row.topic === "coupon" && row.ref === coupon.id && row.audience === bob.partyId),
    ).toBe(true);
  });

  it("a paid order is announced to the buyer and the shop; a request awaiting approval to its requester and the admins", async () => {
    const { slug, productIds, shopId } = await createShopWithProducts(t.db, carol, [{ priceMinor: 500n }]);
    const [shopRow] = await queryRows(
      t.db,
      { party_id: column.text },
      sql`select party_id from shops where id = ${shopId}`,
    );
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 500n });
    const before = await lastEventId();
    const paid = await checkoutWith(t.db, alice, {
      slug,
      lines: [{ productId: productIds[0] ?? "", quantity: 1 }],
      couponIds: [coupon.id],
    });
    const orderEvents = (await eventsAfter(before)).filter((row) => row.topic === "order");
    expect(new Set(orderEvents.map((row) => row.audience))).toEqual(
      new Set([alice.partyId, shopRow?.party_id]),
    );
    expect(orderEvents.every((row) => row.ref === paid.orderId)).toBe(true);

    const request = { amountMinor: 50_000n, currency: "EUR", expiresInDays: 30 };
    const { couponId, operation } = prepareIssuance(actorOf(bob), request);
    const authorization = await authorize(t.db, bob, operation);
    const afterOrder = await lastEventId();
    const waiting = await requestIssuance(t.db, actorOf(bob), { couponId, ...request, authorization });
    expect(waiting.status).toBe("awaiting_approval");
    expect(sortEvents(await eventsAfter(afterOrder))).toEqual(
      sortEvents(
        ["admin", bob.partyId].map((audience) => ({
          topic: "issuance",
          ref: waiting.status === "awaiting_approval" ? waiting.requestId : "",
          audience,
        })),
      ),
    );
  });
});

describe("the hub of each process", () => {
  it("two processes (two LISTEN connections) both deliver a committed change to their own browsers", async () => {
    const first = await startHub();
    const second = await startHub();
    const bobHere = recorder("session_bob_1", bob.partyId, [bob.partyId]);
    const bobThere = recorder("session_bob_2", bob.partyId, [bob.partyId]);
    const carolThere = recorder("session_carol", carol.partyId, [carol.partyId]);
    first.add(bobHere);
    second.add(bobThere);
    second.add(carolThere);
    const coupon = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    const expected = { topic: "transfer", ref: offer.transferId, scope: "you" };
    await vi.waitFor(() => expect(messagesOf(bobHere.frames)).toContainEqual(expected));
    await vi.waitFor(() => expect(messagesOf(bobThere.frames)).toContainEqual(expected));
    // Carol's stream heard the same notification and carried none of it.
    const marker = await offerTestCoupon(t.db, alice, await issueTestCoupon(t.db, alice), {
      partyId: carol.partyId,
    });
    await vi.waitFor(() =>
      expect(messagesOf(carolThere.frames)).toContainEqual({
        topic: "transfer",
        ref: marker.transferId,
        scope: "you",
      }),
    );
    expect(carolThere.frames.join("")).not.toContain(offer.transferId);
    expect(carolThere.frames.join("")).not.toContain(coupon.id);
  });

  it("a charging run's statements are announced in bulk and reach each party's stream", async () => {
    const hub = await startHub();
    const giver = (await createUsers(t.db, 1))[0] as TestUser;
    const stream = recorder("session_giver", giver.partyId, [giver.partyId]);
    hub.add(stream);
    await giveTestCoupon(t.db, giver, carol, await issueTestCoupon(t.db, giver));
    const dayMs = 86_400_000;
    const periodEnd = new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs);
    await runCharging(t.db, {
      actor: systemActor("live test"),
      periodEnd,
      now: new Date(periodEnd.getTime() + 1000),
    });
    await vi.waitFor(() => expect(messagesOf(stream.frames).map((m) => m.topic)).toContain("statement"));
  });

  it("a person added to a shop starts hearing the shop's events on the stream they already have open", async () => {
    const hub = await startHub();
    const dave = (await createUsers(t.db, 1))[0] as TestUser;
    const sessionId = await createTestSession(t.db, dave.userId);
    const shop = await createTestShop(t.db);
    const stream = recorder(sessionId, dave.partyId, [dave.partyId]);
    hub.add(stream);
    await t.db.execute(
      sql`insert into shop_members (shop_id, user_id, role) values (${shop.shopId}, ${dave.userId}, 'staff')`,
    );
    await vi.waitFor(() => expect(stream.audiences.has(shop.partyId)).toBe(true));
    expect(messagesOf(stream.frames)).toContainEqual({ topic: "membership", ref: shop.shopId, scope: "you" });
    await t.db.execute(sql`select scrip_live_event(${shop.partyId}, 'order', 'ord_for_new_staff')`);
    await vi.waitFor(() =>
      expect(messagesOf(stream.frames)).toContainEqual({
        topic: "order",
        ref: "ord_for_new_staff",
        scope: "shop",
      }),
    );
  });

  it("a session holds at most maxPerSession streams: a new one replaces the oldest", async () => {
    const hub = await startHub({ maxPerSession: 3 });
    const streams = [1, 2, 3, 4].map(() => recorder("session_many_tabs", bob.partyId, [bob.partyId]));
    for (const stream of streams) hub.add(stream);
    expect(hub.size).toBe(3);
    expect(streams[0]?.closed).toBe(true);
    expect(streams[0]?.frames.at(-1)).toMatch(/^event: replaced\n/);
    expect(streams.slice(1).map((stream) => stream.closed)).toEqual([false, false, false]);
  });

  it("a process serves at most maxConnections streams: then UNAVAILABLE, though a session may still replace its own", async () => {
    const hub = await startHub({ maxConnections: 2, maxPerSession: 1 });
    hub.add(recorder("session_a", alice.partyId, [alice.partyId]));
    hub.add(recorder("session_b", bob.partyId, [bob.partyId]));
    expect(() => hub.add(recorder("session_c", carol.partyId, [carol.partyId]))).toThrow(
      expect.objectContaining({ code: "UNAVAILABLE", retryAfterSeconds: 30 }),
    );
    hub.add(recorder("session_b", bob.partyId, [bob.partyId]));
    expect(hub.size).toBe(2);
  });
});

/** Reads server-sent frames from a live response until `until` holds for the frames so far. */
async function readFrames(response: Response, until: (frames: string[]) => boolean): Promise<string[]> {
  const reader = response.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const frames = text
      .split("\n\n")
      .filter(Boolean)
      .map((frame) => `${frame}\n\n`);
    if (until(frames)) {
      await reader.cancel();
      return frames;
    }
    const { value, done } = await reader.read();
    if (done) return frames;
    text += decoder.decode(value, { stream: true });
  }
}

describe("GET /api/live", () => {
  const contextOf = (sessionId: string | null) => ({
    db: t.db,
    sessionId,
    meta: { ip: null, userAgent: null },
  });
  const request = (headers: Record<string, string> = {}) =>
    new Request("http://localhost/api/live", { headers });

  it("answers 401 without a usable session, and 503 with Retry-After when the process is full", async () => {
    const route = liveRoute(async () => startHub());
    expect((await route.run(contextOf(null), request())).status).toBe(401);
    expect((await route.run(contextOf("session_not_a_real_one"), request())).status).toBe(401);
    expect((await route.probe(contextOf(null))).status).toBe(401);

    const full = await startHub({ maxConnections: 1 });
    full.add(recorder("session_someone", carol.partyId, [carol.partyId]));
    const fullRoute = liveRoute(async () => full);
    const sessionId = await createTestSession(t.db, bob.userId);
    const refused = await fullRoute.run(contextOf(sessionId), request());
    expect(refused.status).toBe(503);
    expect(refused.headers.get("Retry-After")).toBe("30");
    expect((await fullRoute.probe(contextOf(sessionId))).status).toBe(503);
    expect((await route.probe(contextOf(sessionId))).status).toBe(204);
  });

  it("catches up after Last-Event-ID with only the later events of the caller's own audiences", async () => {
    const hub = await startHub();
    const route = liveRoute(async () => hub);
    const sessionId = await createTestSession(t.db, bob.userId);
    const since = await lastEventId();
    const toBob = await offerTestCoupon(t.db, alice, await issueTestCoupon(t.db, alice), {
      partyId: bob.partyId,
    });
    const toCarol = await offerTestCoupon(t.db, alice, await issueTestCoupon(t.db, alice), {
      partyId: carol.partyId,
    });
    await t.db.execute(sql`select scrip_live_event('admin', 'issuance', 'iss_for_admins_only')`);

    const response = await route.run(contextOf(sessionId), request({ "Last-Event-ID": since.toString() }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/event-stream; charset=utf-8");
    // A change committed after the stream opened arrives live, after the catch-up and exactly once.
    const sentinel = await offerTestCoupon(t.db, alice, await issueTestCoupon(t.db, alice), {
      partyId: bob.partyId,
    });
    const frames = await readFrames(response, (so) => so.join("").includes(sentinel.transferId));
    const messages = messagesOf(frames);
    expect(messages.filter((m) => m.ref === toBob.transferId)).toEqual([
      { topic: "transfer", ref: toBob.transferId, scope: "you" },
    ]);
    expect(messages.filter((m) => m.ref === sentinel.transferId)).toHaveLength(1);
    expect(messages.every((m) => m.scope === "you")).toBe(true);
    const text = frames.join("");
    expect(text).not.toContain(toCarol.transferId);
    expect(text).not.toContain("iss_for_admins_only");
    expect(text).not.toContain(alice.partyId);
    // Every event id is later than the one Bob reconnected with, in order.
    const ids = frames
      .filter((f) => f.startsWith("id: "))
      .map((f) => BigInt(/^id: (\d+)/.exec(f)?.[1] ?? "0"));
    expect(ids.every((id) => id > since)).toBe(true);
    expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ids);
  });

  it("a shop member hears the shop's events as `shop`; a reconnect with more to catch up than allowed is told to resync", async () => {
    const hub = await startHub({ catchUpMax: 2 });
    const route = liveRoute(async () => hub);
    const shop = await createTestShop(t.db, [{ userId: carol.userId, role: "staff" }]);
    const sessionId = await createTestSession(t.db, carol.userId);
    const since = await lastEventId();
    for (const ref of ["ord_first", "ord_second", "ord_third"]) {
      await t.db.execute(sql`select scrip_live_event(${shop.partyId}, 'order', ${ref})`);
    }
    const response = await route.run(contextOf(sessionId), request({ "Last-Event-ID": since.toString() }));
    const frames = await readFrames(response, (so) => so.join("").includes("ord_third"));
    expect(frames[0]).toMatch(/^retry: 3000\n/);
    expect(frames[1]).toMatch(/^event: resync\n/);
    expect(messagesOf(frames)).toEqual([
      { topic: "order", ref: "ord_second", scope: "shop" },
      { topic: "order", ref: "ord_third", scope: "shop" },
    ]);
  });

  it("ends the stream when its session is signed out", async () => {
    const hub = await startHub();
    const route = liveRoute(async () => hub);
    const sessionId = await createTestSession(t.db, alice.userId);
    const response = await route.run(contextOf(sessionId), request());
    await revokeSession(t.db, { actor: actorOf(alice), sessionId });
    const frames = await readFrames(response, (so) => so.some((frame) => frame.startsWith("event: end")));
    expect(frames.some((frame) => frame.startsWith("event: end"))).toBe(true);
    expect(hub.size).toBe(0);
    expect((await route.run(contextOf(sessionId), request())).status).toBe(401);
  });
});

describe("retention", () => {
  it("the purge job deletes events older than the retention window and keeps the rest", async () => {
    await t.db.execute(sql`insert into live_events (audience, topic, ref, created_at)
      values ('admin', 'issuance', 'old_one', now() - interval '2 hours')`);
    await t.db.execute(sql`select scrip_live_event('admin', 'issuance', 'fresh_one')`);
    const { deleted } = await purgeLiveEvents(t.db, new Date(), 3600);
    expect(deleted).toBeGreaterThanOrEqual(1);
    const refs = (await queryRows(t.db, { ref: column.text }, sql`select ref from live_events`)).map(
      (r) => r.ref,
    );
    expect(refs).toContain("fresh_one");
    expect(refs).not.toContain("old_one");
  });
});
