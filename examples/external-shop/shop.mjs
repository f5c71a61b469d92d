// The example shop: one product, orders in memory, payments through Scrip's public REST API.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { verifyWebhook } from "./webhook.mjs";

const bodyBytesMax = 64 * 1024;

/**
 * @typedef {{ id: string, status: "pending" | "paid" | "expired", amountMinor: string, currency: string,
 *   paymentRequestId: string | null, paymentUrl: string | null, createdAt: string, paidAt: string | null }} Order
 * @typedef {{ port?: number, scripUrl: string, apiKey: string, webhookSecret: string, shopUrl: string,
 *   product?: { name: string, priceMinor: string, currency: string } }} ShopConfig
 */

/** The shop's settings from the environment (see README.md). */
export function configFromEnv(env = process.env) {
  const port = Number(env.PORT ?? 4100);
  return {
    port,
    scripUrl: (env.SCRIP_URL ?? "http://localhost:3000").replace(/\/$/, ""),
    apiKey: env.SCRIP_API_KEY ?? "",
    webhookSecret: env.SCRIP_WEBHOOK_SECRET ?? "",
    shopUrl: (env.SHOP_URL ?? `http://localhost:${port}`).replace(/\/$/, ""),
    product: {
      name: env.PRODUCT_NAME ?? "A Scrip sticker",
      priceMinor: env.PRODUCT_PRICE_MINOR ?? "250",
      currency: env.PRODUCT_CURRENCY ?? "EUR",
    },
  };
}

/**
 * The shop's HTTP handler. Routes:
 *   GET  /                   the product and a Buy button
 *   POST /buy                creates an order and a Scrip payment request, then redirects to the hosted page
 *   GET  /orders/:id         the order's status page (Scrip's hosted page returns the shopper here)
 *   GET  /orders/:id.json    the order as JSON
 *   GET  /orders.json        every order as JSON
 *   POST /webhooks/scrip     Scrip's signed webhooks; payment_request.paid marks the order paid
 * @param {ShopConfig} config
 */
export function createShop(config) {
  const product = config.product ?? { name: "A Scrip sticker", priceMinor: "250", currency: "EUR" };
  /** @type {Map<string, Order>} */
  const orders = new Map();
  /** Webhook ids already handled: Scrip delivers at least once. */
  const seenWebhooks = new Set();

  /** @param {string} path @param {unknown} body @param {string} idempotencyKey */
  async function scrip(path, body, idempotencyKey) {
    const response = await fetch(`${config.scripUrl}/api/v1${path}`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${config.apiKey}`,
        "Content-Type": "application/json",
        "Idempotency-Key": idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok)
      throw new Error(`Scrip answered ${response.status}: ${json?.error?.message ?? "error"}`);
    return json.data;
  }

  /** @param {import("node:http").IncomingMessage} request @param {import("node:http").ServerResponse} response */
  async function handle(request, response) {
    const url = new URL(request.url ?? "/", config.shopUrl);
    const orderMatch = /^\/orders\/([A-Za-z0-9-]{1,64})(\.json)?$/.exec(url.pathname);
    if (request.method === "GET" && url.pathname === "/") return html(response, 200, productPage(product));
    if (request.method === "POST" && url.pathname === "/buy") {
      /** @type {Order} */
      const order = {
        id: randomUUID(),
        status: "pending",
        amountMinor: product.priceMinor,
        currency: product.currency,
        paymentRequestId: null,
        paymentUrl: null,
        createdAt: new Date().toISOString(),
        paidAt: null,
      };
      orders.set(order.id, order);
      try {
        const payment = await scrip(
          "/payment-requests",
          {
            amountMinor: order.amountMinor,
            currency: order.currency,
            orderReference: order.id,
            returnUrl: `${config.shopUrl}/orders/${order.id}`,
            expiresInSeconds: 1800,
          },
          `order-${order.id}`,
        );
        order.paymentRequestId = payment.id;
        order.paymentUrl = payment.paymentUrl;
      } catch (error) {
        orders.delete(order.id);
        return html(response, 502, page("Payment unavailable", `<p>${escapeHtml(String(error))}</p>`));
      }
      response.writeHead(303, { Location: order.paymentUrl ?? "/" }).end();
      return;
    }
    if (request.method === "GET" && url.pathname === "/orders.json")
      return json(response, 200, [...orders.values()]);
    if (request.method === "GET" && orderMatch) {
      const order = orders.get(orderMatch[1] ?? "");
      if (!order)
        return orderMatch[2]
          ? json(response, 404, { error: "no such order" })
          : html(response, 404, page("Not found", ""));
      return orderMatch[2] ? json(response, 200, order) : html(response, 200, orderPage(order, product));
    }
    if (request.method === "POST" && url.pathname === "/webhooks/scrip") {
      const body = await readBody(request);
      let event;
      try {
        event = verifyWebhook(config.webhookSecret, request.headers, body);
      } catch (error) {
        return json(response, 401, { error: String(error instanceof Error ? error.message : error) });
      }
      if (!seenWebhooks.has(event.id)) {
        seenWebhooks.add(event.id);
        applyEvent(event.payload);
      }
      response.writeHead(204).end();
      return;
    }
    return json(response, 404, { error: "not found" });
  }

  /** @param {{ type?: string, data?: Record<string, unknown> }} payload */
  function applyEvent(payload) {
    if (payload.type !== "payment_request.paid" || !payload.data) return;
    const { paymentRequestId, orderReference } = payload.data;
    const order =
      orders.get(String(orderReference)) ??
      [...orders.values()].find((candidate) => candidate.paymentRequestId === paymentRequestId);
    // The amount must be the order's: a webhook for another amount never marks an order paid.
    if (
      !order ||
      order.paymentRequestId !== paymentRequestId ||
      payload.data.amountMinor !== order.amountMinor
    )
      return;
    order.status = "paid";
    order.paidAt = typeof payload.data.paidAt === "string" ? payload.data.paidAt : new Date().toISOString();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      console.error(error);
      if (!response.headersSent) json(response, 500, { error: "internal error" });
    });
  });
  return { server, orders, handle };
}

/** @param {import("node:http").IncomingMessage} request @returns {Promise<string>} */
function readBody(request) {
  return new Promise((resolve, reject) => {
    let size = 0;
    /** @type {Buffer[]} */
    const chunks = [];
    request.on("data", (chunk) => {
      size += chunk.length;
      if (size > bodyBytesMax) {
        reject(new Error("body too large"));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** @param {import("node:http").ServerResponse} response @param {number} status @param {unknown} body */
function json(response, status, body) {
  response
    .writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" })
    .end(JSON.stringify(body));
}
/** @param {import("node:http").ServerResponse} response @param {number} status @param {string} body */
function html(response, status, body) {
  response
    .writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" })
    .end(body);
}
/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
/** @param {string} amountMinor @param {string} currency */
function formatMoney(amountMinor, currency) {
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const minor = BigInt(amountMinor);
  const scale = 10n ** BigInt(digits);
  const whole = minor / scale;
  const fraction = digits ? `.${(minor % scale).toString().padStart(digits, "0")}` : "";
  return `${whole}${fraction} ${currency}`;
}
/** @param {string} title @param {string} body */
function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title><style>body{font-family:system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}
/** @param {{ name: string, priceMinor: string, currency: string }} product */
function productPage(product) {
  return page(
    "Example shop",
    `<p>${escapeHtml(product.name)} — <strong>${escapeHtml(formatMoney(product.priceMinor, product.currency))}</strong></p>
<form method="post" action="/buy"><button type="submit">Buy with Scrip</button></form>`,
  );
}
/** @param {Order} order @param {{ name: string }} product */
function orderPage(order, product) {
  return page(
    `Order ${order.status === "paid" ? "paid" : "awaiting payment"}`,
    `<p>${escapeHtml(product.name)}, ${escapeHtml(formatMoney(order.amountMinor, order.currency))}</p>
<p>Status: <strong data-testid="order-status">${escapeHtml(order.status)}</strong></p>
${order.status === "pending" && order.paymentUrl ? `<p><a href="${escapeHtml(order.paymentUrl)}">Pay with Scrip</a></p>` : ""}
<p><a href="/">Back to the shop</a></p>`,
  );
}
