import { expect, test } from "@playwright/test";
import { createShopWithProduct } from "../shop/shop-helpers";
import { expectNoSidewaysScroll } from "../support/page-checks";
import { newPerson, requestCoupon } from "./wallet-helpers";

test("[wallet] history and receipts: a shopper buys with change, finds the receipt in My orders and the spent coupon in the history", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const merchant = await newPerson(browser, "hism", "Hana Merchant");
  const shopper = await newPerson(browser, "hiss", "Hugo Shopper");
  const stranger = await newPerson(browser, "hisx", "Xena Stranger");
  try {
    const shopName = `Hana's Tea ${merchant.handle}`;
    const slug = await createShopWithProduct(merchant.page, shopName, "Green tea", "3.50");

    const page = shopper.page;
    await page.goto("/wallet/coupons");
    await expect(page.getByText("No coupons yet.")).toBeVisible();

    await requestCoupon(page, "10");
    await page.goto(`/s/${slug}`);
    await page.getByRole("button", { name: "Add Green tea to cart" }).click();
    await page.getByRole("link", { name: /Cart \(1\)/ }).click();
    await expect(page.getByText(/€6\.50 stays in your wallet as change/)).toBeVisible();
    await page.getByRole("button", { name: /^Pay / }).click();
    await expect(page).toHaveURL(/\/s\/[a-z0-9-]+\/orders\/ord_/);

    // My orders, reachable from the wallet home, at phone width.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/wallet");
    await page.getByRole("link", { name: "My orders" }).click();
    await expect(page).toHaveURL(/\/wallet\/orders$/);
    await expect(page.getByRole("heading", { name: "My orders" })).toBeVisible();
    const orders = page.getByRole("list", { name: "Purchases" }).getByRole("listitem");
    await expect(orders).toHaveCount(1);
    await orders.getByRole("link", { name: new RegExp(shopName) }).click();
    await expect(page).toHaveURL(/\/wallet\/orders\/ord_/);
    const receiptUrl = page.url();
    await expect(page.getByRole("heading", { name: shopName })).toBeVisible();
    await expect(page.getByTestId("receipt-total")).toHaveText("€3.50");
    await expect(page.getByText("1 × Green tea")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Paid with 1 coupon" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Coupon of €3.50" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Change coupon of €6.50" })).toBeVisible();
    await expectNoSidewaysScroll(page);

    // The history, filtered to spent coupons, shows the piece that paid, linked to its purchase.
    await page.goto("/wallet");
    await page.getByRole("link", { name: /Coupon history/ }).click();
    await expect(page).toHaveURL(/\/wallet\/coupons$/);
    await page.getByLabel("Status").selectOption({ label: "Spent" });
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/status=spent/);
    const spent = page.getByRole("list", { name: "Coupons" }).getByRole("listitem");
    await expect(spent).toHaveCount(1);
    await expect(spent).toContainText("€3.50");
    await expect(spent).toContainText("Spent");
    await expect(spent).toContainText(`Paid to ${shopName}`);
    await expectNoSidewaysScroll(page);
    await spent.getByRole("link", { name: new RegExp(`^Paid for your purchase at ${shopName} on `) }).click();
    await expect(page).toHaveURL(receiptUrl);

    // The change is in the history too, as ready to use and linked to the purchase it came from.
    await page.goto("/wallet/coupons?status=ready");
    const ready = page.getByRole("list", { name: "Coupons" }).getByRole("listitem");
    await expect(ready).toHaveCount(1);
    await expect(ready).toContainText("€6.50");
    await expect(
      ready.getByRole("link", { name: new RegExp(`^Change from your purchase at ${shopName} on `) }),
    ).toHaveAttribute("href", new URL(receiptUrl).pathname);

    // The receipt lists the change; the change coupon's page names and links the purchase it came from, and its
    // timeline the coupon it was split from, whose split names both pieces.
    await page.goto(receiptUrl);
    await page.getByRole("link", { name: "Change coupon of €6.50" }).click();
    await expect(page).toHaveURL(/\/wallet\/coupons\/cpn_/);
    const changeUrl = page.url();
    await expect(page.getByRole("heading", { name: "€6.50" })).toBeVisible();
    await page
      .getByRole("link", { name: new RegExp(`^Change from your purchase at ${shopName} on `) })
      .click();
    await expect(page).toHaveURL(receiptUrl);
    await page.goto(changeUrl);
    await page.getByRole("link", { name: "a coupon of €10.00" }).click();
    await expect(page.getByRole("heading", { name: "€10.00" })).toBeVisible();
    await expect(page.getByTestId("split-pieces")).toHaveText(
      `Split into €3.50 (paid to ${shopName}) and €6.50 (kept)`,
    );
    await page.getByTestId("split-pieces").getByRole("link", { name: "€6.50" }).click();
    await expect(page).toHaveURL(changeUrl);
    await expectNoSidewaysScroll(page);

    // The shop refunds the purchase: the offer on the wallet home says which purchase it refunds.
    await merchant.page.goto(`/merchant/${slug}/orders`);
    await merchant.page.getByRole("link", { name: /Paid/ }).click();
    await merchant.page.getByLabel(/^Amount/).fill("3.50");
    await merchant.page.getByRole("button", { name: "Refund" }).click();
    await expect(merchant.page.getByTestId("order-status")).toHaveText("Refunded");
    await page.goto("/wallet");
    const offer = page.getByRole("listitem", { name: new RegExp(`from ${shopName}`) });
    const refundLink = offer.getByRole("link", {
      name: new RegExp(`^Refund from ${shopName} for your purchase on `),
    });
    await expect(refundLink).toHaveAttribute("href", new URL(receiptUrl).pathname);
    await refundLink.click();
    await expect(page).toHaveURL(receiptUrl);

    // Someone else cannot open the receipt.
    const response = await stranger.page.goto(receiptUrl);
    expect(response?.status()).toBe(404);
  } finally {
    await merchant.context.close();
    await shopper.context.close();
    await stranger.context.close();
  }
});
