import { expect, test } from "@playwright/test";

test("[landing] unknown path: the branded 404 page, status 404, with a way back to the start", async ({
  page,
}) => {
  const response = await page.goto("/no-such-page/anywhere");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle("Page not found · Scrip");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We could not find that page.");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the start page" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Coupons that carry real value");
});

test("[landing] unknown shop: a page's own not-found shows the same branded page", async ({ page }) => {
  const response = await page.goto("/s/no-such-shop");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We could not find that page.");
});
