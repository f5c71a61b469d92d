import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createShopWithProduct } from "../shop/shop-helpers";
import { newPerson, requestCoupon, runLedgerCheck } from "../wallet/wallet-helpers";

/** A free TCP port on this machine for the example shop. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test("[api] external shop: the example shop asks for a payment, the shopper pays on the hosted page, the signed webhook marks the order paid", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const merchant = await newPerson(browser, "extm", "Eva External");
  const shopper = await newPerson(browser, "exts", "Sid Shopper");
  let shop: { process: ChildProcess; url: string } | null = null;
  try {
    // The merchant's Scrip shop, an API key for payments and a webhook endpoint for the example shop.
    const slug = await createShopWithProduct(
      merchant.page,
      `Eva's Emporium ${merchant.handle}`,
      "Poster",
      "9",
    );
    const port = await freePort();
    await merchant.page.goto(`/merchant/${slug}/developers`);
    await merchant.page.getByLabel("Name").fill("Example shop");
    await merchant.page.getByRole("button", { name: "Create API key" }).click();
    await merchant.page.getByRole("button", { name: "Confirm with passkey" }).click();
    const apiKey = (await merchant.page.getByTestId("new-api-key").textContent()) ?? "";
    expect(apiKey).toMatch(/^scrip_sk_/);
    await merchant.page.getByLabel("Endpoint URL").fill(`http://localhost:${port}/webhooks/scrip`);
    await merchant.page.getByRole("button", { name: "Add endpoint" }).click();
    await merchant.page.getByRole("button", { name: "Confirm with passkey" }).click();
    const secret = (await merchant.page.getByTestId("new-webhook-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);

    shop = await (async () => {
      const child = spawn(process.execPath, ["server.mjs"], {
        cwd: path.join(process.cwd(), "examples", "external-shop"),
        env: {
          ...process.env,
          PORT: String(port),
          SCRIP_URL: baseURL ?? "",
          SCRIP_API_KEY: apiKey,
          SCRIP_WEBHOOK_SECRET: secret,
          PRODUCT_PRICE_MINOR: "250",
          PRODUCT_CURRENCY: "EUR",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const url = `http://localhost:${port}`;
      await expect(async () => expect((await fetch(url)).status).toBe(200)).toPass({ timeout: 15_000 });
      return { process: child, url };
    })();

    // The shopper buys at the example shop and pays €2.50 with a €5 coupon on Scrip's hosted page.
    await requestCoupon(shopper.page, "5");
    await shopper.page.goto(shop.url);
    await shopper.page.getByRole("button", { name: "Buy with Scrip" }).click();
    await expect(shopper.page).toHaveURL(/\/pay\/pay_/);
    await expect(shopper.page.getByTestId("pay-amount")).toHaveText("€2.50");
    await expect(shopper.page.getByText("€2.50 stays in your wallet as change")).toBeVisible();
    const payPage = shopper.page.url();
    // Someone signed out who opens the same link sees what it is for before signing in.
    const visitor = await shopper.page.context().browser()?.newContext();
    if (visitor) {
      const page = await visitor.newPage();
      await page.goto(payPage);
      await expect(page.getByRole("heading", { name: "Sign in to pay" })).toBeVisible();
      await expect(page.getByTestId("pay-amount")).toHaveText("€2.50");
      await visitor.close();
    }
    await shopper.page.getByRole("button", { name: "Pay €2.50" }).click();
    await expect(shopper.page).toHaveURL(new RegExp(`^${shop.url}/orders/`), { timeout: 15_000 });
    const orderPath = new URL(shopper.page.url()).pathname;

    // The webhook arrives, is verified, and the example shop shows the order paid.
    await expect(async () => {
      await shopper.page.reload();
      await expect(shopper.page.getByTestId("order-status")).toHaveText(/paid/i, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    const order = (await (await fetch(`${shop.url}${orderPath}.json`)).json()) as {
      status: string;
      paymentRequestId: string;
    };
    expect(order.status).toBe("paid");

    // Scrip agrees: the request is paid, and the shop owns the paying coupon.
    const headers = { Authorization: `Bearer ${apiKey}` };
    const request = await merchant.page.request.get(`/api/v1/payment-requests/${order.paymentRequestId}`, {
      headers,
    });
    expect((await request.json()).data.status).toBe("paid");
    const received = await merchant.page.request.get("/api/v1/coupons", { headers });
    const coupons = (await received.json()).data.coupons as { amountMinor: string; currency: string }[];
    expect(coupons).toEqual([expect.objectContaining({ amountMinor: "250", currency: "EUR" })]);
    await merchant.page.goto(`/merchant/${slug}/coupons`);
    await expect(
      merchant.page.getByRole("list", { name: "Received coupons" }).getByRole("listitem"),
    ).toHaveCount(1);

    // Back on the hosted page, a paid request says so and offers no second payment.
    await shopper.page.goto(payPage);
    await expect(shopper.page.getByTestId("pay-state")).toHaveText(
      "This payment request has already been paid.",
    );
    await expect(shopper.page.getByRole("button", { name: /^Pay / })).toHaveCount(0);

    const check = runLedgerCheck();
    expect(check.status, check.output).toBe(0);
  } finally {
    shop?.process.kill();
    await merchant.context.close();
    await shopper.context.close();
  }
});
