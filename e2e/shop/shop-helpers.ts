import { expect, type Page } from "@playwright/test";

/** A merchant's new shop with one product (name, decimal price); returns the shop's slug. */
export async function createShopWithProduct(page: Page, shopName: string, product: string, price: string) {
  await page.goto("/merchant");
  await page.getByLabel("Name").fill(shopName);
  await page.getByRole("button", { name: "Create shop" }).click();
  await expect(page).toHaveURL(/\/merchant\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  await page
    .getByRole("navigation", { name: "Shop sections" })
    .getByRole("link", { name: "Products" })
    .click();
  const form = page.getByRole("form", { name: "New product" });
  await form.getByLabel("Name").fill(product);
  await form.getByLabel(/^Price/).fill(price);
  await form.getByRole("button", { name: "Add product" }).click();
  await expect(page.getByText(`${product} added.`)).toBeVisible();
  return slug;
}
