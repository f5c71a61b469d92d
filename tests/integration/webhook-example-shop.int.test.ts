/**
 * The example external shop (examples/external-shop): its webhook verification function and its HTTP handler,
 * against the real Scrip API route served over HTTP and real signed webhook deliveries.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createPaymentRequestRoute } from "../../app/api/v1/payment-requests/route";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { createShop } from "../../examples/external-shop/shop.mjs";
import { toleranceSeconds, verifyWebhook } from "../../examples/external-shop/webhook.mjs";
import { systemActor } from "../../lib/auth/actor";
import { createWebhookEndpoint } from "../../lib/webhooks/create-webhook-endpoint";
import { deliverDueWebhooks } from "../../lib/webhooks/deliver-due-webhooks";
import { enqueueWebhookEvent } from "../../lib/webhooks/enqueue-webhook-event";
import { newWebhookSecret, webhookHeaders } from "../../lib/webhooks/webhook-signature";
import { shopWithKey } from "../support/api-client";
import { setupCouponEnvironment } from "../support/coupon-fixtures";
import { serveFetchHandler } from "../support/http-receiver";

let t: TestDatabase;
beforeAll(async () => {
  setupCouponEnvironment();
  process.env.SCRIP_WEBHOOK_ALLOW_ADDRESSES = "loopback";
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const secret = newWebhookSecret();
const body = JSON.stringify({ type: "payment_request.paid", timestamp: "2026-01-01T00:00:00Z", data: {} });
const now = Math.floor(Date.now() / 1000);
const signed = (options: { secret?: string; timestamp?: number; body?: string } = {}) =>
  webhookHeaders([options.secret ?? secret], {
    id: "msg_test",
    timestamp: options.timestamp ?? now,
    body: options.body ?? body,
  });

describe("verifyWebhook (example shop)", () => {
  it("accepts a delivery signed with its secret, within the tolerance", () => {
    expect(verifyWebhook(secret, signed(), body, { now }).id).toBe("msg_test");
    expect(
      verifyWebhook(secret, signed({ timestamp: now - toleranceSeconds }), body, { now }).payload,
    ).toMatchObject({
      type: "payment_request.paid",
    });
  });

  it("accepts when one of several signatures (a rotation) is its own", () => {
    const headers = webhookHeaders([newWebhookSecret(), secret], { id: "msg_test", timestamp: now, body });
    expect(verifyWebhook(secret, headers, body, { now }).id).toBe("msg_test");
  });

  it("rejects a wrong secret, an old or future timestamp, a changed body and missing headers", () => {
    expect(() => verifyWebhook(secret, signed({ secret: newWebhookSecret() }), body, { now })).toThrow(
      /signature/,
    );
    expect(() =>
      verifyWebhook(secret, signed({ timestamp: now - toleranceSeconds - 1 }), body, { now }),
    ).toThrow(/tolerance/);
    expect(() =>
      verifyWebhook(secret, signed({ timestamp: now + toleranceSeconds + 1 }), body, { now }),
    ).toThrow(/tolerance/);
    expect(() => verifyWebhook(secret, signed(), `${body} `, { now })).toThrow(/signature/);
    expect(() => verifyWebhook(secret, { ...signed(), "webhook-id": "msg_other" }, body, { now })).toThrow(
      /signature/,
    );
    expect(() => verifyWebhook(secret, {}, body, { now })).toThrow(/missing/);
    expect(() => verifyWebhook(secret, { ...signed(), "webhook-timestamp": "soon" }, body, { now })).toThrow(
      /malformed/,
    );
  });
});

describe("the example shop's HTTP handler", () => {
  it("sells through Scrip: a payment request on Buy, rejected forged webhooks, paid on the real webhook", async () => {
    const scrip = await serveFetchHandler((request) => createPaymentRequestRoute.run({ db: t.db }, request));
    const merchant = await shopWithKey(t.db, ["payments"]);
    const config = { scripUrl: scrip.url, apiKey: merchant.key, webhookSecret: "", shopUrl: "" };
    const { server } = createShop(config);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const shopUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    config.shopUrl = shopUrl;
    try {
      const endpoint = await createWebhookEndpoint(t.db, systemActor("test"), {
        shopId: merchant.shopId,
        url: `${shopUrl}/webhooks/scrip`,
        eventTypes: ["payment_request.paid"],
      });
      config.webhookSecret = endpoint.secret;

      const bought = await fetch(`${shopUrl}/buy`, { method: "POST", redirect: "manual" });
      expect(bought.status).toBe(303);
      const paymentUrl = bought.headers.get("location") ?? "";
      expect(paymentUrl).toMatch(/^http:\/\/localhost:3000\/pay\/pay_/);
      const orders = (await (await fetch(`${shopUrl}/orders.json`)).json()) as {
        id: string;
        paymentRequestId: string;
        status: string;
        amountMinor: string;
      }[];
      expect(orders).toHaveLength(1);
      const order = orders[0] as (typeof orders)[number];
      expect(order).toMatchObject({ status: "pending", paymentRequestId: paymentUrl.split("/pay/")[1] });
      const paid = {
        type: "payment_request.paid",
        timestamp: new Date().toISOString(),
        data: {
          paymentRequestId: order.paymentRequestId,
          orderReference: order.id,
          amountMinor: order.amountMinor,
          currency: "EUR",
          paidAt: new Date().toISOString(),
        },
      };
      const paidBody = JSON.stringify(paid);
      const post = (headers: Record<string, string>, text = paidBody) =>
        fetch(`${shopUrl}/webhooks/scrip`, { method: "POST", headers, body: text });
      const at = Math.floor(Date.now() / 1000);
      const forged = await post(
        webhookHeaders([newWebhookSecret()], { id: "msg_forged", timestamp: at, body: paidBody }),
      );
      expect(forged.status).toBe(401);
      const stale = await post(
        webhookHeaders([endpoint.secret], { id: "msg_stale", timestamp: at - 600, body: paidBody }),
      );
      expect(stale.status).toBe(401);
      const status = async () =>
        ((await (await fetch(`${shopUrl}/orders/${order.id}.json`)).json()) as { status: string }).status;
      expect(await status()).toBe("pending");

      // A payment for another amount never marks the order paid, even when genuinely signed.
      const wrongAmount = JSON.stringify({ ...paid, data: { ...paid.data, amountMinor: "1" } });
      expect(
        (
          await post(
            webhookHeaders([endpoint.secret], { id: "msg_amount", timestamp: at, body: wrongAmount }),
            wrongAmount,
          )
        ).status,
      ).toBe(204);
      expect(await status()).toBe("pending");

      // The real path: the event goes through Scrip's outbox and the delivery worker.
      await t.db.transaction((tx) =>
        enqueueWebhookEvent(tx, { shopId: merchant.shopId, type: "payment_request.paid", data: paid.data }),
      );
      const result = await deliverDueWebhooks(t.db, { now: new Date(Date.now() + 1000) });
      expect(result.delivered).toBe(1);
      expect(await status()).toBe("paid");
      const pageHtml = await (await fetch(`${shopUrl}/orders/${order.id}`)).text();
      expect(pageHtml).toContain('data-testid="order-status">paid<');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await scrip.close();
    }
  });
});
