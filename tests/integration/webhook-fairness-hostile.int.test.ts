/**
 * Issue 13, hole 9: one shop's endpoint must not stall every shop's webhooks. Real local HTTP servers that hang,
 * hold or trickle bytes: every delivery attempt has a total deadline (also when bytes keep trickling in), deliveries
 * run with bounded concurrency and at most a few in flight per endpoint, so another shop's delivery completes
 * while the slow one is still in flight, and manual retries are rate-limited. Outcomes and order are asserted,
 * never durations: a regression shows as a hang (the test's own timeout), not as a slow number.
 */
import { createServer as createTcpServer, type Socket } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { webhookMessages } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { createWebhookEndpoint } from "../../lib/webhooks/create-webhook-endpoint";
import {
  deliverDueWebhooks,
  webhookConcurrencyMax,
  webhookInFlightPerEndpointMax,
} from "../../lib/webhooks/deliver-due-webhooks";
import { enqueueWebhookEvent } from "../../lib/webhooks/enqueue-webhook-event";
import { retryWebhookMessage, webhookRetriesPerMessage } from "../../lib/webhooks/retry-webhook-message";
import { startWebhookWorker } from "../../lib/webhooks/start-webhook-worker";
import { createTestShop } from "../support/auth-sessions";
import { setupCouponEnvironment } from "../support/coupon-fixtures";
import { startReceiver } from "../support/http-receiver";

let t: TestDatabase;
const system = systemActor("test");
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  setupCouponEnvironment();
  process.env.SCRIP_WEBHOOK_ALLOW_ADDRESSES = "loopback";
  t = await createTestDatabase();
});
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});
afterAll(async () => {
  await t?.destroy();
});

const data = { transferId: "trf_x", couponId: "cpn_x", amountMinor: "1000", currency: "EUR" };
const soon = () => new Date(Date.now() + 1000);

/** A receiver that holds every request until `release()` is called, counting how many it holds at once. */
async function holdingReceiver(onArrival: (held: number) => void = () => {}) {
  const held: (() => void)[] = [];
  let releasing = false;
  let inFlightMax = 0;
  const receiver = await startReceiver(
    (_received, response) =>
      new Promise<void>((resolve) => {
        const answer = () => {
          response.writeHead(200).end();
          resolve();
        };
        if (releasing) return answer();
        held.push(answer);
        // A request the sender gave up on (its deadline) is no longer in flight.
        response.on("close", () => {
          const index = held.indexOf(answer);
          if (index >= 0) held.splice(index, 1);
          resolve();
        });
        inFlightMax = Math.max(inFlightMax, held.length);
        onArrival(held.length);
      }),
  );
  closers.push(async () => {
    receiver.server.closeAllConnections();
    await receiver.close();
  });
  return {
    ...receiver,
    held,
    get inFlightMax() {
      return inFlightMax;
    },
    release() {
      releasing = true;
      while (held.length) held.shift()?.();
    },
  };
}

async function shopWithEndpoint(url: string) {
  const shop = await createTestShop(t.db);
  const endpoint = await createWebhookEndpoint(t.db, system, {
    shopId: shop.shopId,
    url,
    eventTypes: ["transfer.accepted"],
  });
  return { shop, endpoint };
}

async function enqueue(shopId: string, count = 1) {
  for (let index = 0; index < count; index++) {
    await t.db.transaction((tx) => enqueueWebhookEvent(tx, { shopId, type: "transfer.accepted", data }));
  }
}

async function messagesOf(endpointId: string) {
  return t.db.select().from(webhookMessages).where(eq(webhookMessages.endpointId, endpointId));
}

describe("each delivery attempt has a total deadline", () => {
  it("an endpoint that trickles its response a byte at a time is cut off at the deadline", {
    timeout: 20_000,
  }, async () => {
    const sockets = new Set<Socket>();
    const server = createTcpServer((socket) => {
      sockets.add(socket);
      socket.once("data", () => {
        socket.write("HTTP/1.1 200 OK\r\nX-Trickle: ");
        // A byte every 20 ms forever: an idle timeout never fires, only a total deadline ends it.
        const timer = setInterval(() => socket.write("a"), 20);
        socket.on("close", () => clearInterval(timer));
        socket.on("error", () => clearInterval(timer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    });
    const { port } = server.address() as { port: number };
    const { shop, endpoint } = await shopWithEndpoint(`http://127.0.0.1:${port}/hook`);
    await enqueue(shop.shopId);
    const result = await deliverDueWebhooks(t.db, { now: soon(), timeoutMs: 300 });
    expect(result).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const [message] = await messagesOf(endpoint.id);
    expect(message).toMatchObject({ status: "pending", lastError: "timed out" });
  });
});

describe("a slow endpoint does not hold other shops' deliveries back", () => {
  it("another shop's delivery completes while the slow endpoint's requests are still in flight", {
    timeout: 20_000,
  }, async () => {
    const slow = await holdingReceiver();
    let slowHeldWhenFastArrived = -1;
    const fast = await startReceiver((_received, response) => {
      slowHeldWhenFastArrived = slow.held.length;
      response.writeHead(204).end();
      // Only now does the slow endpoint answer: sequential delivery would wait for it forever.
      setImmediate(() => slow.release());
    });
    closers.push(fast.close);
    const slowShop = await shopWithEndpoint(`${slow.url}/hook`);
    const fastShop = await shopWithEndpoint(`${fast.url}/hook`);
    // The slow shop's backlog is older, so it is first in line.
    await enqueue(slowShop.shop.shopId, 6);
    await enqueue(fastShop.shop.shopId, 1);
    await deliverDueWebhooks(t.db, { now: soon(), timeoutMs: 30_000 });
    expect(slowHeldWhenFastArrived).toBeGreaterThanOrEqual(1);
    expect((await messagesOf(fastShop.endpoint.id))[0]?.status).toBe("delivered");
    // Fairness: one endpoint never has more than its share in flight, even with a backlog.
    expect(slow.inFlightMax).toBeLessThanOrEqual(webhookInFlightPerEndpointMax);
    const slowMessages = await messagesOf(slowShop.endpoint.id);
    expect(slowMessages.filter((message) => message.status === "delivered")).toHaveLength(
      webhookInFlightPerEndpointMax,
    );
    // The rest of the backlog goes out in later passes.
    await deliverDueWebhooks(t.db, { now: soon() });
    await deliverDueWebhooks(t.db, { now: soon() });
    expect((await messagesOf(slowShop.endpoint.id)).every((message) => message.status === "delivered")).toBe(
      true,
    );
  });

  it("concurrency is bounded: never more than the maximum in flight at once, and that many do run together", {
    timeout: 20_000,
  }, async () => {
    const shops = webhookConcurrencyMax + 4;
    let arrived = 0;
    let inFlight = 0;
    let inFlightMax = 0;
    const waiting: (() => void)[] = [];
    const releaseAll = () => {
      while (waiting.length) waiting.shift()?.();
    };
    // One shared server behind many endpoints (a path each): holds requests until the bound is reached.
    const receiver = await startReceiver(
      (_received, response) =>
        new Promise<void>((resolve) => {
          arrived += 1;
          inFlight += 1;
          inFlightMax = Math.max(inFlightMax, inFlight);
          waiting.push(() => {
            inFlight -= 1;
            response.writeHead(200).end();
            resolve();
          });
          if (inFlight === webhookConcurrencyMax || arrived === shops) releaseAll();
        }),
    );
    closers.push(async () => {
      receiver.server.closeAllConnections();
      await receiver.close();
    });
    const endpoints = [];
    for (let index = 0; index < shops; index++) {
      const { shop, endpoint } = await shopWithEndpoint(`${receiver.url}/shop-${index}`);
      await enqueue(shop.shopId);
      endpoints.push(endpoint);
    }
    const result = await deliverDueWebhooks(t.db, { now: soon(), timeoutMs: 30_000 });
    expect(result.delivered).toBe(shops);
    expect(inFlightMax).toBe(webhookConcurrencyMax);
  });
});

describe("the per-endpoint bound holds across passes and workers", () => {
  it("while an endpoint's deliveries hang, another pass claims none of its backlog", {
    timeout: 20_000,
  }, async () => {
    let bothInFlight: () => void = () => {};
    const slotsTaken = new Promise<void>((resolve) => {
      bothInFlight = resolve;
    });
    const slow = await holdingReceiver((held) => {
      if (held === webhookInFlightPerEndpointMax) bothInFlight();
    });
    const { shop, endpoint } = await shopWithEndpoint(`${slow.url}/hook`);
    await enqueue(shop.shopId, webhookInFlightPerEndpointMax + 3);
    const first = deliverDueWebhooks(t.db, { now: soon(), timeoutMs: 30_000 });
    await slotsTaken;
    // A second worker's pass, while the first one's deliveries still hang: the endpoint's slots are all taken.
    const second = await deliverDueWebhooks(t.db, { now: soon(), timeoutMs: 30_000 });
    expect(second).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    slow.release();
    expect((await first).delivered).toBe(webhookInFlightPerEndpointMax);
    expect(slow.inFlightMax).toBe(webhookInFlightPerEndpointMax);
    const sending = (await messagesOf(endpoint.id)).filter((message) => message.sendingUntil !== null);
    expect(sending).toHaveLength(0);
  });
});

describe("the in-process worker keeps delivering while a slow endpoint holds its slots", () => {
  it("a message written while a slow delivery is in flight goes out before the slow one ends", {
    timeout: 20_000,
  }, async () => {
    let slowArrived: () => void = () => {};
    const slowInFlight = new Promise<void>((resolve) => {
      slowArrived = resolve;
    });
    const slow = await holdingReceiver(() => slowArrived());
    let slowHeldWhenFastArrived = -1;
    let fastArrived: () => void = () => {};
    const fastDone = new Promise<void>((resolve) => {
      fastArrived = resolve;
    });
    const fast = await startReceiver((_received, response) => {
      slowHeldWhenFastArrived = slow.held.length;
      response.writeHead(204).end();
      fastArrived();
    });
    closers.push(fast.close);
    const slowShop = await shopWithEndpoint(`${slow.url}/hook`);
    const fastShop = await shopWithEndpoint(`${fast.url}/hook`);
    await enqueue(slowShop.shop.shopId);
    const worker = startWebhookWorker(() => t.db, { intervalMs: 20, timeoutMs: 30_000 });
    try {
      await slowInFlight;
      // Written only now, while the slow delivery hangs: a worker that waits for its pass to end never sends it.
      await enqueue(fastShop.shop.shopId);
      await fastDone;
      expect(slowHeldWhenFastArrived).toBe(1);
      slow.release();
    } finally {
      slow.release();
      await worker.stop();
    }
    expect((await messagesOf(slowShop.endpoint.id))[0]?.status).toBe("delivered");
    expect((await messagesOf(fastShop.endpoint.id))[0]?.status).toBe("delivered");
  });
});

describe("manual retries are rate-limited", () => {
  it("spamming retry on one message gets 429 after the allowance, and other messages are unaffected", async () => {
    const { shop, endpoint } = await shopWithEndpoint("http://127.0.0.1:9/hook");
    await enqueue(shop.shopId, 2);
    const [first, second] = await messagesOf(endpoint.id);
    const messageId = first?.id ?? "";
    for (let index = 0; index < webhookRetriesPerMessage; index++) {
      await retryWebhookMessage(t.db, system, { shopId: shop.shopId, messageId });
    }
    const refused = await retryWebhookMessage(t.db, system, { shopId: shop.shopId, messageId }).catch(
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect((refused as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
    await retryWebhookMessage(t.db, system, {
      shopId: shop.shopId,
      messageId: second?.id ?? "",
    });
  });

  it("a retry while the message is being sent is refused, so it is never in flight twice", async () => {
    const { shop, endpoint } = await shopWithEndpoint("http://127.0.0.1:9/hook");
    await enqueue(shop.shopId);
    const sendingUntil = new Date(Date.now() + 60_000);
    await t.db
      .update(webhookMessages)
      .set({ attempts: 1, nextAttemptAt: sendingUntil, sendingUntil })
      .where(eq(webhookMessages.endpointId, endpoint.id));
    const [message] = await messagesOf(endpoint.id);
    await expect(
      retryWebhookMessage(t.db, system, { shopId: shop.shopId, messageId: message?.id ?? "" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const [after] = await messagesOf(endpoint.id);
    expect(after).toMatchObject({ attempts: 1, nextAttemptAt: sendingUntil });
  });

  it("a shop cannot spend another shop's allowance, nor learn of its messages", async () => {
    const { shop, endpoint } = await shopWithEndpoint("http://127.0.0.1:9/hook");
    const other = await createTestShop(t.db);
    await enqueue(shop.shopId);
    const [message] = await messagesOf(endpoint.id);
    for (let index = 0; index < webhookRetriesPerMessage + 2; index++) {
      await expect(
        retryWebhookMessage(t.db, system, { shopId: other.shopId, messageId: message?.id ?? "" }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await retryWebhookMessage(t.db, system, { shopId: shop.shopId, messageId: message?.id ?? "" });
  });
});
