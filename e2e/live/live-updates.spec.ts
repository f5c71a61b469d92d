import { expect, type Page, test } from "@playwright/test";
import { createShopWithProduct } from "../shop/shop-helpers";
import { giveByHandle, newPerson, requestCoupon } from "../wallet/wallet-helpers";

/**
 * Opens `path` and waits until its live stream is connected (the stream answers its headers at once), and marks
 * the document so a reload would be noticed.
 */
async function openLive(page: Page, path: string): Promise<void> {
  const stream = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/live");
  await page.goto(path);
  const response = await stream;
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/event-stream");
  await page.evaluate(() => {
    (window as unknown as { neverReloaded: boolean }).neverReloaded = true;
  });
}

const stillTheSameDocument = (page: Page) =>
  page.evaluate(() => (window as unknown as { neverReloaded?: boolean }).neverReloaded === true);

test("[live] B sits on the wallet home; A gives B a coupon; B's page shows the offer within 2 s, never reloaded", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newPerson(browser, "livea", "Lina Giver");
  const b = await newPerson(browser, "liveb", "Omar Waiting");
  try {
    await openLive(b.page, "/wallet");
    const offer = b.page.getByRole("listitem", { name: new RegExp(`from ${a.name}$`) });
    await expect(offer).toHaveCount(0);

    await requestCoupon(a.page, "7.25");
    await giveByHandle(a.page, b);

    await expect(offer).toBeVisible({ timeout: 2_000 });
    await expect(offer).toContainText("€7.25");
    expect(await stillTheSameDocument(b.page)).toBe(true);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("[live] a shop member's orders page shows a customer's payment within 2 s, never reloaded", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const merchant = await newPerson(browser, "livem", "Mara Counter");
  const shopper = await newPerson(browser, "lives", "Seth Buyer");
  try {
    const slug = await createShopWithProduct(merchant.page, `Mara's Deli ${merchant.handle}`, "Bagel", "4");
    await openLive(merchant.page, `/merchant/${slug}/orders`);
    await expect(merchant.page.getByText("No orders yet.")).toBeVisible();
    const paidOrders = merchant.page.getByRole("link", { name: /Paid/ });
    await expect(paidOrders).toHaveCount(0);

    await requestCoupon(shopper.page, "4");
    await shopper.page.goto(`/s/${slug}`);
    await shopper.page.getByRole("button", { name: "Add Bagel to cart" }).click();
    await shopper.page.getByRole("link", { name: /Cart \(1\)/ }).click();
    await shopper.page.getByRole("button", { name: /^Pay / }).click();
    await expect(shopper.page).toHaveURL(/\/s\/[a-z0-9-]+\/orders\/ord_/);

    await expect(paidOrders).toHaveCount(1, { timeout: 2_000 });
    await expect(merchant.page.getByText("€4.00")).toBeVisible();
    expect(await stillTheSameDocument(merchant.page)).toBe(true);
  } finally {
    await merchant.context.close();
    await shopper.context.close();
  }
});
