import { expect, type Page, test } from "@playwright/test";
import { newPerson, requestCoupon, runLedgerCheck } from "../wallet/wallet-helpers";
import { createShopWithProduct } from "./shop-helpers";

/** The shopper puts one unit in the cart and pays with the coupons Scrip suggests; lands on the receipt. */
async function buyOne(page: Page, slug: string, product: string, expectation: RegExp) {
  await page.goto(`/s/${slug}`);
  await page.getByRole("button", { name: `Add ${product} to cart` }).click();
  await page.getByRole("link", { name: /Cart \(1\)/ }).click();
  await expect(page.getByText(expectation)).toBeVisible();
  await page.getByRole("button", { name: /^Pay / }).click();
  await expect(page).toHaveURL(/\/s\/[a-z0-9-]+\/orders\/ord_/);
  await expect(page.getByRole("heading", { name: /Paid at/ })).toBeVisible();
}

test("[shop] checkout: a merchant sells, a shopper pays exactly and then with change, the merchant converts", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const merchant = await newPerson(browser, "merch", "Mia Merchant");
  const shopper = await newPerson(browser, "shopr", "Sam Shopper");
  try {
    const slug = await createShopWithProduct(
      merchant.page,
      `Mia's Bakery ${merchant.handle}`,
      "Rye loaf",
      "5",
    );
    await merchant.page.getByRole("form", { name: "New product" }).getByLabel("Name").fill("Bun");
    await merchant.page
      .getByRole("form", { name: "New product" })
      .getByLabel(/^Price/)
      .fill("3.50");
    await merchant.page.getByRole("button", { name: "Add product" }).click();
    await expect(merchant.page.getByText("Bun added.")).toBeVisible();

    // Exact amount with one coupon.
    await requestCoupon(shopper.page, "5");
    await buyOne(shopper.page, slug, "Rye loaf", /The chosen coupons pay the total exactly/);
    await expect(shopper.page.getByTestId("receipt-total")).toHaveText("€5.00");

    // A smaller amount with a larger coupon: split, €6.50 change stays in the wallet.
    await requestCoupon(shopper.page, "10");
    await buyOne(shopper.page, slug, "Bun", /€6\.50 stays in your wallet as change/);
    await shopper.page.goto("/wallet");
    await expect(shopper.page.getByText("€6.50").first()).toBeVisible();

    // The merchant sees both orders and the received coupons, and converts them.
    await merchant.page.goto(`/merchant/${slug}/orders`);
    const orders = merchant.page.getByRole("link", { name: /Paid/ });
    await expect(orders).toHaveCount(2);
    await expect(merchant.page.getByText("€5.00")).toBeVisible();
    await expect(merchant.page.getByText("€3.50")).toBeVisible();
    await merchant.page.goto(`/merchant/${slug}/coupons`);
    const received = merchant.page.getByRole("list", { name: "Received coupons" }).getByRole("listitem");
    await expect(received).toHaveCount(2);
    await merchant.page.getByRole("button", { name: "Convert all (2)" }).click();
    await expect(
      merchant.page.getByText("Converted 2 coupons: the value is paid out at the next charging run."),
    ).toBeVisible();
    await expect(received.filter({ hasText: "converted" })).toHaveCount(2);
    await merchant.page.goto(`/merchant/${slug}/statements`);
    await expect(merchant.page.getByText("Scrip owes you €8.50")).toBeVisible();

    const check = runLedgerCheck();
    expect(check.status, check.output).toBe(0);
    expect(check.output).toContain("Ledger consistent");
  } finally {
    await merchant.context.close();
    await shopper.context.close();
  }
});

test("[shop] refund: the merchant refunds an order and the shopper accepts the coupon back", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const merchant = await newPerson(browser, "refm", "Rita Refunder");
  const shopper = await newPerson(browser, "refs", "Rob Returner");
  try {
    const slug = await createShopWithProduct(
      merchant.page,
      `Rita's Records ${merchant.handle}`,
      "Vinyl",
      "12",
    );
    await requestCoupon(shopper.page, "12");
    await buyOne(shopper.page, slug, "Vinyl", /The chosen coupons pay the total exactly/);

    await merchant.page.goto(`/merchant/${slug}/orders`);
    await merchant.page.getByRole("link", { name: /Paid/ }).click();
    await merchant.page.getByLabel(/^Amount/).fill("12");
    await merchant.page.getByRole("button", { name: "Refund" }).click();
    await expect(
      merchant.page.getByText(/Refund offered to the shopper as 1 coupon; the order is now refunded/),
    ).toBeVisible();
    await expect(merchant.page.getByTestId("order-status")).toHaveText("Refunded");

    await shopper.page.goto("/wallet");
    const offer = shopper.page.getByRole("listitem", { name: /from Rita's Records/ });
    await offer.getByRole("button", { name: "Accept" }).click();
    await expect(shopper.page).toHaveURL(/\/wallet\/coupons\/cpn_/);
    await expect(shopper.page.getByText("€12.00").first()).toBeVisible();

    const check = runLedgerCheck();
    expect(check.status, check.output).toBe(0);
  } finally {
    await merchant.context.close();
    await shopper.context.close();
  }
});

test("[shop] isolation: a member of one shop cannot open another shop's dashboard", async ({ browser }) => {
  const owner = await newPerson(browser, "isoa", "Ada Owner");
  const stranger = await newPerson(browser, "isob", "Bo Stranger");
  try {
    const slug = await createShopWithProduct(owner.page, `Ada's Atelier ${owner.handle}`, "Scarf", "20");
    await createShopWithProduct(stranger.page, `Bo's Books ${stranger.handle}`, "Novel", "9");
    for (const path of ["", "/orders", "/coupons", "/products", "/members"]) {
      const response = await stranger.page.goto(`/merchant/${slug}${path}`);
      expect(response?.status()).toBe(404);
    }
    // The storefront itself is public.
    await stranger.page.goto(`/s/${slug}`);
    await expect(stranger.page.getByRole("heading", { name: `Ada's Atelier ${owner.handle}` })).toBeVisible();
    // A signed-out visitor at the checkout sees which shop it is and how to sign in or create a wallet.
    const visitor = await browser.newContext();
    try {
      const page = await visitor.newPage();
      await page.goto(`/s/${slug}/checkout`);
      await expect(
        page.getByRole("heading", { name: `Checkout at Ada's Atelier ${owner.handle}` }),
      ).toBeVisible();
      await expect(page.getByRole("link", { name: "Create a wallet" })).toHaveAttribute(
        "href",
        `/signup?next=${encodeURIComponent(`/s/${slug}/checkout`)}`,
      );
    } finally {
      await visitor.close();
    }
  } finally {
    await owner.context.close();
    await stranger.context.close();
  }
});

test("[shop] demo: the seeded demo café sells a flat white for a coupon, on a phone-sized screen", async ({
  browser,
}) => {
  const shopper = await newPerson(browser, "demo", "Dee Demo");
  try {
    await shopper.page.setViewportSize({ width: 390, height: 844 });
    await requestCoupon(shopper.page, "5");
    await buyOne(shopper.page, "demo", "Flat white", /€1\.50 stays in your wallet as change/);
    await expect(shopper.page.getByTestId("receipt-total")).toHaveText("€3.50");
    await shopper.page.screenshot({ path: test.info().outputPath("receipt-phone.png"), fullPage: true });
  } finally {
    await shopper.context.close();
  }
});
