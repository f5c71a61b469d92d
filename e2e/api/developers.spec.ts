import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { runningDataDir } from "../support/running-app";
import { addVirtualAuthenticator, signUp, uniqueHandle, withoutPasskeyAutofill } from "../support/webauthn";

/**
 * Makes the person with `handle` the owner of a new shop, straight in the running app's database (the shop
 * creation UI is another part of the dashboard). Returns the shop's slug.
 */
async function withDatabase<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const runtime = fs.readFileSync(path.join(runningDataDir(), "runtime.json"), "utf8");
  const { databaseUrl } = JSON.parse(runtime) as { databaseUrl: string };
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function ownNewShop(handle: string): Promise<string> {
  return withDatabase(async (sql) => {
    const suffix = Math.random().toString(36).slice(2, 10);
    const slug = `dev-${suffix}`;
    const partyId = `pty_e2eshop${suffix}`.padEnd(26, "x").slice(0, 26);
    const shopId = `shp_e2eshop${suffix}`.padEnd(26, "x").slice(0, 26);
    await sql`insert into parties (id, kind, display_name) values (${partyId}, 'shop', ${`Dev shop ${suffix}`})`;
    await sql`insert into shops (id, party_id, name, slug, currency) values (${shopId}, ${partyId}, ${`Dev shop ${suffix}`}, ${slug}, 'EUR')`;
    await sql`insert into shop_members (shop_id, user_id, role)
      select ${shopId}, id, 'owner' from users where handle = ${handle}`;
    return slug;
  });
}

test("[api] developers: an owner creates an API key shown once (after confirming with a passkey), uses it, adds a webhook endpoint, and revokes the key", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await withoutPasskeyAutofill(page);
    await addVirtualAuthenticator(page);
    const handle = uniqueHandle("devown");
    await signUp(page, handle, "Dana Developer");
    const slug = await ownNewShop(handle);

    await page.goto(`/merchant/${slug}/developers`);
    await expect(page.getByRole("heading", { name: /Developers/ })).toBeVisible();
    await page.getByLabel("Name").fill("Checkout server");
    await page.getByRole("button", { name: "Create API key" }).click();
    // Scrip says what the key will be able to do, then asks for the passkey; cancelling creates nothing.
    const confirmKey = page.getByRole("region", { name: "Create the API key “Checkout server”?" });
    await expect(confirmKey).toContainText("It will be able to:");
    await confirmKey.getByRole("button", { name: "Cancel" }).click();
    await expect(confirmKey).toHaveCount(0);
    await expect(page.getByText("No API keys yet.")).toBeVisible();
    await page.getByRole("button", { name: "Create API key" }).click();
    // The confirm button has the focus: a keyboard user confirms with Enter (the virtual authenticator answers).
    await expect(confirmKey.getByRole("button", { name: "Confirm with passkey" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByText("Key created. Copy it now: it is not shown again.")).toBeVisible();
    const key = (await page.getByTestId("new-api-key").textContent()) ?? "";
    expect(key).toMatch(/^scrip_sk_/);
    await expect(page.getByText(key.slice(0, 15), { exact: false }).first()).toBeVisible();

    // The key works against the public API.
    const created = await page.request.post("/api/v1/payment-requests", {
      headers: { Authorization: `Bearer ${key}`, "Idempotency-Key": `e2e-${slug}` },
      data: {
        amountMinor: "250",
        currency: "EUR",
        orderReference: "e2e-1",
        returnUrl: "https://shop.example/done",
      },
    });
    expect(created.status()).toBe(201);
    const payment = (await created.json()).data as { id: string; paymentUrl: string };
    expect(payment.paymentUrl).toMatch(new RegExp(`/pay/${payment.id}$`));
    const document = await page.request.get("/api/v1/openapi.json");
    expect((await document.json()).openapi).toBe("3.1.0");

    // After a reload the key itself is gone; its prefix and last use stay.
    await page.reload();
    await expect(page.getByTestId("new-api-key")).toHaveCount(0);
    await expect(page.getByText(/last used (?!never)/)).toBeVisible();

    // Private addresses are refused (the test app allows loopback only, for the example shop); a public endpoint
    // is added with its secret shown once.
    await page.getByLabel("Endpoint URL").fill("https://10.1.2.3/webhooks/scrip");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText(/private and loopback addresses are refused/)).toBeVisible();
    await page.getByLabel("Endpoint URL").fill("https://93.184.215.14/webhooks/scrip");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const confirmEndpoint = page.getByRole("region", { name: "Send your shop's events to this address?" });
    await expect(confirmEndpoint).toContainText("https://93.184.215.14/webhooks/scrip");
    await confirmEndpoint.getByRole("button", { name: "Confirm with passkey" }).click();
    await expect(page.getByTestId("new-webhook-secret")).toHaveText(/^whsec_/);
    await expect(page.getByText("https://93.184.215.14/webhooks/scrip", { exact: true })).toBeVisible();

    // The app's own worker delivers the outbox: point the endpoint somewhere refused (this closed network has no
    // public receivers), write one outbox message, and watch the attempt appear in the delivery log.
    await withDatabase(async (sql) => {
      const [endpoint] = await sql<{ id: string }[]>`update webhook_endpoints set url = 'https://10.1.2.3:1/x'
        where shop_id = (select id from shops where slug = ${slug}) returning id`;
      await sql`insert into webhook_messages (id, endpoint_id, event_type, payload)
        values (${`msg_e2e${slug.slice(4)}`.padEnd(26, "x")}, ${endpoint?.id ?? ""}, 'coupon.converted', '{}'::jsonb)`;
    });
    await expect(async () => {
      await page.reload();
      await expect(page.getByText("#1", { exact: false }).first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByText(/address not allowed/).first()).toBeVisible();
    await page.getByRole("button", { name: "Retry now" }).click();
    await expect(page.getByText("Queued for delivery now.")).toBeVisible();

    await page.getByRole("button", { name: "Revoke Checkout server" }).click();
    await expect(page.getByText("Revoked “Checkout server”.")).toBeVisible();
    const refused = await page.request.get("/api/v1/shop", { headers: { Authorization: `Bearer ${key}` } });
    expect(refused.status()).toBe(401);
  } finally {
    await context.close();
  }
});

test("[api] developers: another person's shop is not found", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await withoutPasskeyAutofill(page);
    await addVirtualAuthenticator(page);
    const owner = uniqueHandle("devoth");
    await signUp(page, owner, "Olga Owner");
    const slug = await ownNewShop(`${owner}-nobody`);
    const response = await page.goto(`/merchant/${slug}/developers`);
    expect(response?.status()).toBe(404);
  } finally {
    await context.close();
  }
});
