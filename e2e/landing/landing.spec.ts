import { expect, test } from "@playwright/test";

test("[landing] visit: says what Scrip is and links to every surface, each asking a visitor to sign in first", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Coupons that carry real value");
  await expect(page.getByText("signed twice")).toBeVisible();
  for (const [name, path] of [
    ["Open the wallet", "/wallet"],
    ["Open the merchant dashboard", "/merchant"],
    ["Open the back office", "/admin"],
  ] as const) {
    await page.goto("/");
    await page.getByRole("link", { name }).click();
    await expect(page).toHaveURL(new RegExp(`/signin\\?next=${encodeURIComponent(path)}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  }
});

test("[landing] demo link: opens the seeded demo shop with its products", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "/s/demo" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Scrip Demo Café");
  await expect(page.getByRole("heading", { name: "Flat white" })).toBeVisible();
  await expect(page.getByText("€3.50")).toBeVisible();
});

test("[landing] unknown shop: answers 404", async ({ request }) => {
  const response = await request.get("/s/no-such-shop");
  expect(response.status()).toBe(404);
});

test("[health] GET /api/health: 200 with the database up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", database: "up" });
});

test("[ready] GET /api/ready: 200 on a writable, migrated database, never cached, with a request id", async ({
  request,
}) => {
  const response = await request.get("/api/ready");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ready" });
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(response.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});
