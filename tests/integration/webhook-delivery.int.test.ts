/**
 * Webhook delivery against real local HTTP receivers: Standard Webhooks signatures, retries with exponential
 * backoff until a 2xx, no redirects, refused private addresses, secret rotation, and no event lost to a crash
 * (the outbox row commits with the change; a later worker picks it up). Time is passed in, never waited for.
 */
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { webhookDeliveries, webhookEndpoints, webhookMessages } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { createWebhookEndpoint, webhookEndpointsMax } from "../../lib/webhooks/create-webhook-endpoint";
import { deliverDueWebhooks, webhookBackoffSeconds } from "../../lib/webhooks/deliver-due-webhooks";
import { enqueueWebhookEvent } from "../../lib/webhooks/enqueue-webhook-event";
import { listWebhookMessages } from "../../lib/webhooks/list-webhook-messages";
import { retryWebhookMessage } from "../../lib/webhooks/retry-webhook-message";
import { rotateWebhookSecret } from "../../lib/webhooks/rotate-webhook-secret";
import { startWebhookWorker } from "../../lib/webhooks/start-webhook-worker";
import { updateWebhookEndpoint } from "../../lib/webhooks/update-webhook-endpoint";
import { isAddressAllowed } from "../../lib/webhooks/webhook-address-policy";
import { hasValidSignature } from "../../lib/webhooks/webhook-signature";
import { createTestShop } from "../support/auth-sessions";
import { setupCouponEnvironment } from "../support/coupon-fixtures";
import { startReceiver } from "../support/http-receiver";

let t: TestDatabase;
const system = systemActor("test");
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterEach(async () => {
  process.env.SCRIP_WEBHOOK_ALLOW_ADDRESSES = "loopback";
  while (closers.length) await closers.pop()?.();
});
afterAll(async () => {
  await t?.destroy();
});
process.env.SCRIP_WEBHOOK_ALLOW_ADDRESSES = "loopback";

async function receiver(statuses: number[]) {
  let index = 0;
  const started = await startReceiver((_received, response) => {
    const status = statuses[Math.min(index++, statuses.length - 1)] ?? 200;
    response.writeHead(status, status === 302 ? { Location: "http://127.0.0.1:1/elsewhere" } : {}).end();
  });
  closers.push(started.close);
  return started;
}

async function endpointFor(url: string, eventTypes = ["transfer.accepted"]) {
  const shop = await createTestShop(t.db);
  const endpoint = await createWebhookEndpoint(t.db, system, { shopId: shop.shopId, url, eventTypes });
  return { shop, endpoint };
}

const data = { transferId: "trf_x", couponId: "cpn_x", amountMinor: "1000", currency: "EUR" };

/** Delivers everything due at `now` in this database, only for messages of `endpointId`. */
async function messagesOf(endpointId: string) {
  return t.db.select().from(webhookMessages).where(eq(webhookMessages.endpointId, endpointId));
}

describe("webhook delivery", () => {
  it("a failing endpoint is retried with exponential backoff and succeeds later, signed the same way each time", async () => {
    const hook = await receiver([500, 503, 200]);
    const { shop, endpoint } = await endpointFor(`${hook.url}/hook`);
    const [messageId] = await t.db.transaction((tx) =>
      enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data }),
    );
    const start = new Date(Date.now() + 1000);
    expect((await deliverDueWebhooks(t.db, { now: start })).retrying).toBeGreaterThanOrEqual(1);
    let [message] = await messagesOf(endpoint.id);
    expect(message?.status).toBe("pending");
    expect(message?.nextAttemptAt.getTime()).toBe(start.getTime() + webhookBackoffSeconds(1) * 1000);
    // Not due yet: nothing is sent.
    await deliverDueWebhooks(t.db, { now: new Date(start.getTime() + 29_000) });
    expect(hook.received).toHaveLength(1);
    const second = new Date(start.getTime() + webhookBackoffSeconds(1) * 1000);
    await deliverDueWebhooks(t.db, { now: second });
    [message] = await messagesOf(endpoint.id);
    expect(message?.nextAttemptAt.getTime()).toBe(second.getTime() + webhookBackoffSeconds(2) * 1000);
    expect(webhookBackoffSeconds(2)).toBe(2 * webhookBackoffSeconds(1));
    await deliverDueWebhooks(t.db, { now: message?.nextAttemptAt });
    [message] = await messagesOf(endpoint.id);
    expect(message).toMatchObject({ status: "delivered", attempts: 3 });
    expect(hook.received).toHaveLength(3);
    const log = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.messageId, messageId ?? ""));
    expect(log.map((row) => row.responseStatus).sort()).toEqual([200, 500, 503]);
    for (const received of hook.received) {
      expect(received.headers["webhook-id"]).toBe(messageId);
      const input = {
        id: String(received.headers["webhook-id"]),
        timestamp: Number(received.headers["webhook-timestamp"]),
        body: received.body,
      };
      expect(hasValidSignature(endpoint.secret, String(received.headers["webhook-signature"]), input)).toBe(
        true,
      );
      expect(
        hasValidSignature(
          "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==",
          String(received.headers["webhook-signature"]),
          input,
        ),
      ).toBe(false);
      expect(JSON.parse(received.body)).toMatchObject({ type: "transfer.accepted", data });
    }
    // The dashboard's delivery log shows the attempts.
    const entries = await listWebhookMessages(t.db, system, { shopId: shop.shopId });
    expect(entries[0]?.deliveries).toHaveLength(3);
  });

  it("only 2xx is success: a redirect is not followed and counts as a failure", async () => {
    const hook = await receiver([302]);
    const { shop, endpoint } = await endpointFor(`${hook.url}/hook`);
    await t.db.transaction((tx) =>
      enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data }),
    );
    await deliverDueWebhooks(t.db, { now: new Date(Date.now() + 1000) });
    const [message] = await messagesOf(endpoint.id);
    expect(message).toMatchObject({ status: "pending", lastError: "HTTP 302" });
    expect(hook.received).toHaveLength(1);
  });

  it("gives up after the maximum attempts, and a manual retry sends it again", async () => {
    const hook = await receiver([500, 500, 200]);
    const { shop, endpoint } = await endpointFor(`${hook.url}/hook`);
    await t.db.transaction((tx) =>
      enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data }),
    );
    await t.db
      .update(webhookMessages)
      .set({ attempts: 9 })
      .where(eq(webhookMessages.endpointId, endpoint.id));
    await deliverDueWebhooks(t.db, { now: new Date(Date.now() + 1000) });
    let [message] = await messagesOf(endpoint.id);
    expect(message).toMatchObject({ status: "failed", attempts: 10 });
    await retryWebhookMessage(t.db, system, { shopId: shop.shopId, messageId: message?.id ?? "" });
    const other = await createTestShop(t.db);
    await expect(
      retryWebhookMessage(t.db, system, { shopId: other.shopId, messageId: message?.id ?? "" }),
    ).rejects.toThrow(/no such/);
    await deliverDueWebhooks(t.db, { now: new Date(Date.now() + 2000) }); // 500 again
    const due = (await messagesOf(endpoint.id))[0]?.nextAttemptAt;
    await deliverDueWebhooks(t.db, { now: due });
    [message] = await messagesOf(endpoint.id);
    expect(message?.status).toBe("delivered");
  });

  it("one broken message (an undecryptable secret) does not stall the others in its batch", async () => {
    const hook = await receiver([200]);
    const good = await endpointFor(`${hook.url}/good`);
    const broken = await endpointFor(`${hook.url}/broken`);
    await t.db
      .update(webhookEndpoints)
      .set({ secretEncrypted: "AAAA.BBBB.CCCC" })
      .where(eq(webhookEndpoints.id, broken.endpoint.id));
    for (const { shop } of [broken, good]) {
      await t.db.transaction((tx) =>
        enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data }),
      );
    }
    await deliverDueWebhooks(t.db, { now: new Date(Date.now() + 1000) });
    expect((await messagesOf(good.endpoint.id))[0]?.status).toBe("delivered");
    expect((await messagesOf(broken.endpoint.id))[0]).toMatchObject({
      status: "pending",
      lastError: "internal error",
    });
  });

  it("only enabled endpoints subscribed to the type get a message", async () => {
    const shop = await createTestShop(t.db);
    const subscribed = await createWebhookEndpoint(t.db, system, {
      shopId: shop.shopId,
      url: "http://127.0.0.1:9/a",
      eventTypes: ["transfer.accepted", "coupon.converted"],
    });
    const other = await createWebhookEndpoint(t.db, system, {
      shopId: shop.shopId,
      url: "http://127.0.0.1:9/b",
      eventTypes: ["transfer.declined"],
    });
    const disabled = await createWebhookEndpoint(t.db, system, {
      shopId: shop.shopId,
      url: "http://127.0.0.1:9/c",
      eventTypes: ["transfer.accepted"],
    });
    await t.db.update(webhookEndpoints).set({ enabled: false }).where(eq(webhookEndpoints.id, disabled.id));
    const ids = await t.db.transaction((tx) =>
      enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data }),
    );
    expect(ids).toHaveLength(1);
    expect(await messagesOf(subscribed.id)).toHaveLength(1);
    expect(await messagesOf(other.id)).toHaveLength(0);
    expect(await messagesOf(disabled.id)).toHaveLength(0);
  });
});

describe("the in-process worker", () => {
  it("delivers what the outbox holds without being called, and stops when asked", async () => {
    let delivered: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      delivered = resolve;
    });
    const hook = await startReceiver((_received, response) => {
      response.writeHead(204).end();
      delivered();
    });
    closers.push(hook.close);
    const { shop, endpoint } = await endpointFor(`${hook.url}/hook`);
    await t.db.transaction((tx) =>
      enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data }),
    );
    const worker = startWebhookWorker(() => t.db, { intervalMs: 20 });
    try {
      await arrived;
    } finally {
      await worker.stop();
    }
    const [message] = await messagesOf(endpoint.id);
    expect(message?.status).toBe("delivered");
  });
});

describe("a crashed instance's claims", () => {
  it("last the worker's delivery deadline plus 20 s; then another worker delivers, and the first cannot undo it", async () => {
    // The first request is never answered while the first worker runs: its claim is what a kill -9 leaves behind.
    let requests = 0;
    const hook = await startReceiver((_received, response) => {
      requests++;
      if (requests > 1) response.writeHead(204).end();
    });
    closers.push(hook.close);
    const { shop, endpoint } = await endpointFor(`${hook.url}/hook`);
    await t.db.transaction((tx) =>
      enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data }),
    );
    const claimedAfter = Date.now();
    const crashed = startWebhookWorker(() => t.db, { intervalMs: 20, timeoutMs: 5000 });
    try {
      let claimed: Awaited<ReturnType<typeof messagesOf>>[number] | undefined;
      for (let i = 0; i < 300 && (!claimed?.sendingUntil || requests === 0); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        [claimed] = await messagesOf(endpoint.id);
      }
      const leaseEnds = claimed?.sendingUntil as Date;
      expect(leaseEnds.getTime() - claimedAfter).toBeGreaterThan((5 + 20 - 1) * 1000);
      expect(leaseEnds.getTime() - claimedAfter).toBeLessThanOrEqual((5 + 20 + 1) * 1000);
      // A survivor's pass while the claim holds leaves the message alone; one after the lease ends delivers.
      await deliverDueWebhooks(t.db, { now: new Date(leaseEnds.getTime() - 1000) });
      expect(requests).toBe(1);
      await deliverDueWebhooks(t.db, { now: new Date(leaseEnds.getTime() + 1000) });
      expect(requests).toBe(2);
      expect((await messagesOf(endpoint.id))[0]).toMatchObject({ status: "delivered", attempts: 2 });
    } finally {
      // The first worker's attempt now times out; its outcome no longer touches the message.
      await crashed.stop();
    }
    expect((await messagesOf(endpoint.id))[0]).toMatchObject({ status: "delivered", attempts: 2 });
    const attempts = await t.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.messageId, (await messagesOf(endpoint.id))[0]?.id as string));
    expect(attempts.map((attempt) => attempt.responseStatus).sort()).toEqual([204, null]);
  });
});

describe("no event is lost to a crash", () => {
  it("the outbox row commits with the change, and never without it", async () => {
    const { shop, endpoint } = await endpointFor("http://127.0.0.1:9/hook");
    await expect(
      t.db.transaction(async (tx) => {
        await enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await messagesOf(endpoint.id)).toHaveLength(0);
  });

  it("a message committed before a crash is delivered by a worker started afterwards (a new process's pool)", async () => {
    const hook = await receiver([200]);
    const { shop, endpoint } = await endpointFor(`${hook.url}/hook`);
    await t.db.transaction((tx) =>
      enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data }),
    );
    // The app "crashes" here: no worker ran. A restarted process opens its own pool and delivers.
    const restarted = openDatabase(t.url, { max: 2 });
    try {
      await deliverDueWebhooks(restarted.db, { now: new Date(Date.now() + 1000) });
    } finally {
      await restarted.close();
    }
    expect((await messagesOf(endpoint.id))[0]?.status).toBe("delivered");
    expect(hook.received).toHaveLength(1);
  });

  it("a message claimed by a worker that died mid-send is picked up again once its lease ends", async () => {
    const hook = await receiver([200]);
    const { shop, endpoint } = await endpointFor(`${hook.url}/hook`);
    await t.db.transaction((tx) =>
      enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data }),
    );
    const now = new Date(Date.now() + 1000);
    // What a worker's claim leaves behind if it dies before recording the outcome.
    await t.db
      .update(webhookMessages)
      .set({ attempts: 1, nextAttemptAt: new Date(now.getTime() + 120_000) })
      .where(eq(webhookMessages.endpointId, endpoint.id));
    await deliverDueWebhooks(t.db, { now });
    expect(hook.received).toHaveLength(0);
    await deliverDueWebhooks(t.db, { now: new Date(now.getTime() + 120_000) });
    expect((await messagesOf(endpoint.id))[0]).toMatchObject({ status: "delivered", attempts: 2 });
  });
});

describe("endpoint safety and secrets", () => {
  it("refuses private and loopback addresses unless configuration allows them, also after DNS", async () => {
    const shop = await createTestShop(t.db);
    process.env.SCRIP_WEBHOOK_ALLOW_ADDRESSES = "public";
    for (const url of [
      "https://127.0.0.1/x",
      "https://localhost/x",
      "https://10.1.2.3/x",
      "https://192.168.0.10/x",
      "https://169.254.169.254/latest",
      "https://[::1]/x",
      "https://[::ffff:127.0.0.1]/x",
      "https://[fd00::1]/x",
      "http://93.184.215.14/x",
      "ftp://93.184.215.14/x",
      "https://user:pw@93.184.215.14/x",
    ]) {
      await expect(
        createWebhookEndpoint(t.db, system, { shopId: shop.shopId, url, eventTypes: ["transfer.accepted"] }),
        url,
      ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    }
    expect(isAddressAllowed("93.184.215.14", "public")).toBe(true);
    expect(isAddressAllowed("127.0.0.1", "loopback")).toBe(true);
    expect(isAddressAllowed("10.0.0.1", "loopback")).toBe(false);
    expect(isAddressAllowed("10.0.0.1", "private")).toBe(true);
  });

  it("refuses unknown event types, more than the endpoint limit, and other shops' endpoints", async () => {
    const shop = await createTestShop(t.db);
    const other = await createTestShop(t.db);
    const url = "http://127.0.0.1:9/x";
    for (const eventTypes of [[], ["order.shipped"]]) {
      await expect(
        createWebhookEndpoint(t.db, system, { shopId: shop.shopId, url, eventTypes }),
      ).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
      });
    }
    const created = [];
    for (let index = 0; index < webhookEndpointsMax; index++) {
      created.push(
        await createWebhookEndpoint(t.db, system, {
          shopId: shop.shopId,
          url,
          eventTypes: ["coupon.converted"],
        }),
      );
    }
    await expect(
      createWebhookEndpoint(t.db, system, { shopId: shop.shopId, url, eventTypes: ["coupon.converted"] }),
    ).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
    const first = created[0]?.id ?? "";
    for (const change of ["disable", "delete"] as const) {
      await expect(
        updateWebhookEndpoint(t.db, system, { shopId: other.shopId, endpointId: first, change }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(
      rotateWebhookSecret(t.db, system, { shopId: other.shopId, endpointId: first }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await updateWebhookEndpoint(t.db, system, { shopId: shop.shopId, endpointId: first, change: "delete" });
    expect(await messagesOf(first)).toHaveLength(0);
  });

  it("refuses to deliver when the endpoint's address is no longer allowed (checked at connection time)", async () => {
    const hook = await receiver([200]);
    // One endpoint by IP literal, one by a host name that resolves to loopback (checked in the DNS lookup).
    for (const url of [`${hook.url}/hook`, `${hook.url.replace("127.0.0.1", "localhost")}/hook`]) {
      const { shop, endpoint } = await endpointFor(url);
      await t.db.transaction((tx) =>
        enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data }),
      );
      process.env.SCRIP_WEBHOOK_ALLOW_ADDRESSES = "public";
      await deliverDueWebhooks(t.db, { now: new Date(Date.now() + 1000) });
      process.env.SCRIP_WEBHOOK_ALLOW_ADDRESSES = "loopback";
      expect(hook.received).toHaveLength(0);
      const [message] = await messagesOf(endpoint.id);
      expect(message?.status).toBe("pending");
      expect(message?.lastError).toMatch(/not allowed|refused/);
    }
  });

  it("during a rotation deliveries carry both signatures; receivers with either secret accept them", async () => {
    const hook = await receiver([200]);
    const { shop, endpoint } = await endpointFor(`${hook.url}/hook`);
    const rotated = await rotateWebhookSecret(t.db, system, { shopId: shop.shopId, endpointId: endpoint.id });
    const [stored] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(stored?.secretEncrypted).not.toContain(rotated.secret.slice(6, 20));
    await t.db.transaction((tx) =>
      enqueueWebhookEvent(tx, { shopId: shop.shopId, type: "transfer.accepted", data }),
    );
    await deliverDueWebhooks(t.db, { now: new Date(Date.now() + 1000) });
    const received = hook.received[0];
    if (!received) throw new Error("nothing delivered");
    const header = String(received.headers["webhook-signature"]);
    expect(header.split(" ")).toHaveLength(2);
    const input = {
      id: String(received.headers["webhook-id"]),
      timestamp: Number(received.headers["webhook-timestamp"]),
      body: received.body,
    };
    expect(hasValidSignature(endpoint.secret, header, input)).toBe(true);
    expect(hasValidSignature(rotated.secret, header, input)).toBe(true);
  });
});
