import { expect, test } from "@playwright/test";
import { markDocument, stillTheSameDocument } from "../support/same-document";
import { newPerson, requestCoupon, runLedgerCheck } from "../wallet/wallet-helpers";
import { createShopWithProduct } from "./shop-helpers";

test("[shop] products: the form empties after adding, a double click adds one, Edit and Delete by keyboard, the cart stops at the stock", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const merchant = await newPerson(browser, "catm", "Cora Catalogue");
  const visitor = await browser.newContext();
  try {
    const { page } = merchant;
    const slug = await createShopWithProduct(page, `Cora's Tea ${merchant.handle}`, "Sencha", "4");
    const form = page.getByRole("form", { name: "New product" });
    await expect(form.getByLabel("Name")).toHaveValue("");
    await expect(form.getByLabel(/^Price/)).toHaveValue("");

    // A double click on "Add product" makes one product, with a limited stock of 3.
    await form.getByLabel("Name").fill("Scone");
    await form.getByLabel(/^Price/).fill("3");
    await form.getByLabel("Limited stock").check();
    await form.getByLabel("In stock").fill("3");
    await form.getByRole("button", { name: "Add product" }).dblclick();
    await expect(page.getByText("Scone added.")).toBeVisible();
    await expect(form.getByLabel("Name")).toHaveValue("");
    await expect(form.getByLabel("Limited stock")).not.toBeChecked();
    const catalogue = page.getByRole("region", { name: /^Catalogue/ });
    await expect(page.getByRole("heading", { name: "Catalogue (2)" })).toBeVisible();
    await expect(catalogue.getByRole("heading", { name: "Scone", exact: true })).toHaveCount(1);

    // Edit, reached with the keyboard: a new price.
    await page.getByRole("button", { name: "Edit Sencha" }).focus();
    await page.keyboard.press("Enter");
    const editor = page.getByRole("form", { name: "Edit Sencha" });
    await editor.getByLabel(/^Price/).fill("4.50");
    await editor.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Changes saved.")).toBeVisible();
    await expect(editor).toHaveCount(0);
    await expect(catalogue.getByText("€4.50")).toBeVisible();

    // A visitor's cart stops at the stock: the button disables at 3 and says so.
    const shopper = await visitor.newPage();
    await shopper.goto(`/s/${slug}`);
    const add = shopper.getByRole("button", { name: "Add Scone to cart" });
    for (let n = 1; n <= 3; n++) {
      await add.click();
      await expect(shopper.getByRole("link", { name: new RegExp(`Cart \\(${n}\\)`) })).toBeVisible();
    }
    const limit = shopper.getByRole("button", { name: "Only 3 left" });
    await expect(limit).toBeDisabled();
    await expect(shopper.getByText("Your cart holds all 3 that are left.")).toBeVisible();
    await expect(shopper.getByRole("link", { name: /Cart \(3\)/ })).toBeVisible();

    // Delete, by keyboard, after a confirmation: gone from the catalogue and the shop.
    await page.getByRole("button", { name: "Delete Scone" }).focus();
    await page.keyboard.press("Enter");
    await expect(
      page.getByText("Delete Scone? It leaves your shop at once; past orders still show it."),
    ).toBeVisible();
    const yes = page.getByRole("button", { name: "Yes, delete Scone" });
    await expect(yes).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Catalogue (1)" })).toBeVisible();
    await expect(catalogue.getByRole("heading", { name: "Scone", exact: true })).toHaveCount(0);
    await shopper.reload();
    await expect(shopper.getByRole("heading", { name: "Sencha" })).toBeVisible();
    await expect(shopper.getByRole("heading", { name: "Scone" })).toHaveCount(0);
    await expect(shopper.getByRole("link", { name: /Cart \(0\)/ })).toBeVisible();

    // At 360 px the catalogue with its buttons and an open editor fits without sideways scrolling.
    await page.setViewportSize({ width: 360, height: 800 });
    await page.getByRole("button", { name: "Edit Sencha" }).click();
    await expect(page.getByRole("form", { name: "Edit Sencha" })).toBeVisible();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(360);
    await page.screenshot({ path: test.info().outputPath("products-360.png"), fullPage: true });
    await shopper.setViewportSize({ width: 360, height: 800 });
    await expect
      .poll(() => shopper.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(360);
  } finally {
    await visitor.close();
    await merchant.context.close();
  }
});

test("[shop] refund: the field says what is left, refuses more before the passkey, empties after; /merchant counts live", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const merchant = await newPerson(browser, "rfdm", "Rhea Refunds");
  const shopper = await newPerson(browser, "rfds", "Saul Shopper");
  try {
    const slug = await createShopWithProduct(
      merchant.page,
      `Rhea's Records ${merchant.handle}`,
      "Vinyl",
      "12",
    );

    // The /merchant list, open in another tab, counts the shop's orders and coupons live.
    const list = await merchant.context.newPage();
    const stream = list.waitForResponse((response) => new URL(response.url()).pathname === "/api/live");
    await list.goto("/merchant");
    expect((await stream).status()).toBe(200);
    await markDocument(list);
    const shopCard = list.getByRole("link", { name: new RegExp(`Rhea's Records ${merchant.handle}`) });
    await expect(shopCard).toContainText("0 paid orders · 0 coupons received");

    await requestCoupon(shopper.page, "12");
    await shopper.page.goto(`/s/${slug}`);
    await shopper.page.getByRole("button", { name: "Add Vinyl to cart" }).click();
    await shopper.page.getByRole("link", { name: /Cart \(1\)/ }).click();
    await shopper.page.getByRole("button", { name: /^Pay / }).click();
    await expect(shopper.page).toHaveURL(/\/s\/[a-z0-9-]+\/orders\/ord_/);
    await expect(shopCard).toContainText("1 paid order · 1 coupon received", { timeout: 2_000 });
    expect(await stillTheSameDocument(list)).toBe(true);

    const { page } = merchant;
    await page.goto(`/merchant/${slug}/orders`);
    await page.getByRole("link", { name: /Paid/ }).click();
    await expect(page.getByTestId("refund-left")).toHaveText("Up to €12.00 left to refund");
    const amount = page.getByLabel(/^Amount/);

    // More than is left: refused on the page, nothing refunded, no passkey asked.
    await amount.fill("12.01");
    await page.getByRole("button", { name: "Refund" }).click();
    await expect(page.getByText("You can refund at most €12.00 on this order.")).toBeVisible();
    await expect(page.getByTestId("order-status")).toHaveText("Paid");

    // A part, with a double click: one refund, the field empties, and what is left goes down.
    await amount.fill("5");
    await page.getByRole("button", { name: "Refund" }).dblclick();
    await expect(
      page.getByText(/Refund offered to the shopper as 1 coupon; the order is now partially refunded/),
    ).toBeVisible();
    await expect(amount).toHaveValue("");
    await expect(page.getByTestId("refund-left")).toHaveText("Up to €7.00 left to refund");
    await expect(page.getByText("Refunded as")).toHaveCount(1);

    const check = runLedgerCheck();
    expect(check.status, check.output).toBe(0);
  } finally {
    await merchant.context.close();
    await shopper.context.close();
  }
});
