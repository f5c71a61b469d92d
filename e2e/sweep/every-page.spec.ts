import { expect, type Page, test } from "@playwright/test";
import { createShopWithProduct } from "../shop/shop-helpers";
import { adminInvitePath, confirmAdminInvite } from "../support/running-app";
import {
  createClaimLink,
  giveByHandle,
  type Person,
  requestCoupon,
  runLedgerCheck,
} from "../wallet/wallet-helpers";
import { checkCurrentPage, newPhonePerson, phone, visit, visited } from "./sweep-helpers";

/**
 * The accessibility and 360 px sweep: every page route of the app (`find app -name page.tsx`), signed out, as a
 * person with coupons, orders, notifications and statements, as a shop owner and as an admin. Each page has no
 * serious or critical WCAG 2.1 AA violation (axe) and no sideways scrolling on a 360 px wide phone. The data is
 * made through the UI, as the other specs do. The tests share it, so they run in order.
 */
test.describe.configure({ mode: "serial" });

let merchant: Person;
let shopper: Person;
let slug = "";
let receiptPath = "";
let claimPath = "";
let payPath = "";
const shopName = "Sweep Bakery";

test.afterAll(async () => {
  await merchant?.context.close();
  await shopper?.context.close();
  console.log(`The sweep checked ${visited.length} pages: ${visited.join(", ")}`);
});

/** In the shop: one unit of `product` in the cart, then the checkout page. */
async function openCheckout(page: Page) {
  await page.goto(`/s/${slug}`);
  await page.getByRole("button", { name: "Add Rye loaf to cart" }).click();
  await page.getByRole("link", { name: /Cart \(1\)/ }).click();
  await expect(page).toHaveURL(new RegExp(`/s/${slug}/checkout`));
}

test("[sweep] signed-out pages fit a phone and pass axe", async ({ browser }) => {
  const context = await browser.newContext({ viewport: phone });
  try {
    const page = await context.newPage();
    await visit(page, "/", "landing");
    await visit(page, "/signin", "signin");
    await visit(page, "/signup", "signup");
    await visit(page, "/recover", "recover");
    await visit(page, "/offline", "offline");
    await visit(page, "/no-such-page", "not-found", 404);
  } finally {
    await context.close();
  }
});

test("[sweep] a shop owner's pages, after a sale, a received coupon and an API key", async ({ browser }) => {
  test.setTimeout(240_000);
  merchant = await newPhonePerson(browser, "swm", "Mila Merchant");
  shopper = await newPhonePerson(browser, "sws", "Sven Shopper");
  const m = merchant.page;
  await visit(m, "/merchant", "merchant-start");
  slug = await createShopWithProduct(m, `${shopName} ${merchant.handle}`, "Rye loaf", "4");

  // The shopper pays with a larger coupon (change stays in the wallet) and lands on the receipt.
  await requestCoupon(shopper.page, "10");
  await openCheckout(shopper.page);
  await shopper.page.getByRole("button", { name: /^Pay / }).click();
  await expect(shopper.page).toHaveURL(/\/s\/[a-z0-9-]+\/orders\/ord_/);
  receiptPath = new URL(shopper.page.url()).pathname;
  await checkCurrentPage(shopper.page, "shop-receipt");

  // A claim link, shown on the coupon page with its QR code.
  await requestCoupon(shopper.page, "3");
  claimPath = await createClaimLink(shopper.page);
  await checkCurrentPage(shopper.page, "wallet-coupon-claim-link");

  // An API key (shown once) and a payment request made with it.
  await m.goto(`/merchant/${slug}/developers`);
  await m.getByLabel("Name").fill("Till");
  await m.getByRole("button", { name: "Create API key" }).click();
  await m.getByRole("button", { name: "Confirm with passkey" }).click();
  await expect(m.getByText("Key created. Copy it now: it is not shown again.")).toBeVisible();
  await checkCurrentPage(m, "merchant-developers-new-key");
  const key = (await m.getByTestId("new-api-key").textContent()) ?? "";
  const created = await m.request.post("/api/v1/payment-requests", {
    headers: { Authorization: `Bearer ${key}`, "Idempotency-Key": `sweep-${slug}` },
    data: {
      amountMinor: "250",
      currency: "EUR",
      orderReference: "sweep-1",
      returnUrl: "https://shop.example/",
    },
  });
  expect(created.status()).toBe(201);
  payPath = new URL(((await created.json()).data as { paymentUrl: string }).paymentUrl).pathname;

  await visit(m, `/merchant/${slug}`, "merchant-dashboard");
  await visit(m, `/merchant/${slug}/pos`, "merchant-till");
  await visit(m, `/merchant/${slug}/products`, "merchant-products");
  await visit(m, `/merchant/${slug}/orders`, "merchant-orders");
  await m.locator(`a[href^="/merchant/${slug}/orders/ord_"]`).first().click();
  await expect(m).toHaveURL(/\/orders\/ord_/);
  await checkCurrentPage(m, "merchant-order");
  await visit(m, `/merchant/${slug}/offers`, "merchant-offers");
  await visit(m, `/merchant/${slug}/coupons`, "merchant-coupons");
  await m.getByRole("button", { name: "Convert all (1)" }).click();
  await expect(m.getByText(/^Converted 1 coupon/)).toBeVisible();
  await checkCurrentPage(m, "merchant-coupons-converted");
  await visit(m, `/merchant/${slug}/campaigns`, "merchant-campaigns");
  await visit(m, `/merchant/${slug}/statements`, "merchant-statements");
  await visit(m, `/merchant/${slug}/members`, "merchant-members");
  await visit(m, `/merchant/${slug}/payout`, "merchant-payout");
  await visit(m, `/merchant/${slug}/developers`, "merchant-developers");
});

test("[sweep] the back office, after an approval request, a gift and a charging run", async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = await newPhonePerson(browser, "swa", "Ada Admin");
  try {
    const a = admin.page;
    // Not an admin yet.
    await visit(a, "/admin/not-allowed", "admin-not-allowed");
    await visit(a, adminInvitePath(), "admin-enrol");
    await confirmAdminInvite(a, admin.handle);

    // Something in every list: a request waiting for approval, an offer to the shopper, a charging run.
    await shopper.page.goto("/wallet/request");
    await shopper.page.getByLabel("Amount").fill("300");
    await shopper.page.getByRole("button", { name: "Request with passkey" }).click();
    await expect(shopper.page.getByText(/^Awaiting approval/)).toBeVisible();
    await checkCurrentPage(shopper.page, "wallet-request-awaiting");
    await requestCoupon(a, "2");
    await giveByHandle(a, shopper);
    await a.goto("/admin/charging");
    await a.getByRole("button", { name: "Run charging" }).click();
    // Another spec may have charged this period already in the same app; either answer is a page to check.
    await expect(
      a.getByText(/Run run_[A-Za-z0-9_-]{22} completed|This period was already charged by run/),
    ).toBeVisible({ timeout: 30_000 });
    await checkCurrentPage(a, "admin-charging-run");

    await visit(a, "/admin", "admin-dashboard");
    await visit(a, "/admin/approvals", "admin-approvals");
    await visit(a, "/admin/campaigns", "admin-campaigns");
    await visit(a, "/admin/coupons", "admin-coupons");
    await a.getByLabel("Search by").selectOption("owner");
    await a.getByLabel("Search for").fill(`@${shopper.handle}`);
    await a.getByLabel("Search for").press("Enter");
    await expect(a.locator('a[href^="/admin/coupons/cpn_"]').first()).toBeVisible();
    await checkCurrentPage(a, "admin-coupons-found");
    await a.locator('a[href^="/admin/coupons/cpn_"]').first().click();
    await expect(a).toHaveURL(/\/admin\/coupons\/cpn_/);
    await checkCurrentPage(a, "admin-coupon");
    await visit(a, "/admin/parties", "admin-parties");
    await visit(a, `/admin/parties?q=${shopper.handle}`, "admin-parties-found");
    await a.locator('a[href^="/admin/parties/pty_"]').first().click();
    await expect(a).toHaveURL(/\/admin\/parties\/pty_/);
    await checkCurrentPage(a, "admin-party");
    await visit(a, "/admin/charging", "admin-charging");
    await visit(a, "/admin/statements", "admin-statements");
    await visit(a, "/admin/payouts", "admin-payouts");
    await visit(a, "/admin/bank", "admin-bank");
    await visit(a, "/admin/audit", "admin-audit");
    await visit(a, "/admin/health", "admin-health");
    // The volume chart's figures, opened: a table that is cards on a phone.
    const figures = a.getByText("Show the figures as a table");
    for (const summary of await figures.all()) await summary.click();
    await expect(a.getByRole("table", { name: /daily volume$/ }).first()).toBeVisible();
    await checkCurrentPage(a, "admin-health-figures");
    await visit(a, "/admin/keys", "admin-keys");
    await visit(a, "/mailbox", "mailbox");
  } finally {
    await admin.context.close();
  }
});

test("[sweep] a person's wallet, with coupons, an offer, orders, notifications and a statement", async () => {
  test.setTimeout(180_000);
  const s = shopper.page;
  await visit(s, "/wallet", "wallet-home");
  await visit(s, "/wallet/coupons", "wallet-coupons");
  await s.locator('a[href^="/wallet/coupons/cpn_"]').first().click();
  await expect(s).toHaveURL(/\/wallet\/coupons\/cpn_/);
  await checkCurrentPage(s, "wallet-coupon");
  await visit(s, "/wallet/notifications", "wallet-notifications");
  await visit(s, "/wallet/orders", "wallet-orders");
  await s.locator('a[href^="/wallet/orders/ord_"]').first().click();
  await expect(s).toHaveURL(/\/wallet\/orders\/ord_/);
  await checkCurrentPage(s, "wallet-order");
  await visit(s, "/wallet/request", "wallet-request");
  await visit(s, "/wallet/scan", "wallet-scan");
  await visit(s, "/wallet/statements", "wallet-statements");
  await visit(s, "/wallet/terminal", "wallet-terminal");
  await visit(s, "/wallet/settings/email", "wallet-settings-email");
  await visit(s, "/wallet/settings/email/verify?token=not-a-real-token", "wallet-settings-email-verify");
  await visit(s, "/wallet/settings/security", "wallet-settings-security");
  await visit(s, "/wallet/settings/payout", "wallet-settings-payout");
  await visit(s, "/admin/not-allowed", "admin-not-allowed-person");

  // Shopping while signed in: the shop, a checkout with an item, the receipt, a payment request.
  await visit(s, `/s/${slug}`, "shop");
  await openCheckout(s);
  await checkCurrentPage(s, "shop-checkout");
  await visit(s, receiptPath, "shop-receipt-again");
  await visit(s, payPath, "pay");

  const check = runLedgerCheck();
  expect(check.status, check.output).toBe(0);
});

test("[sweep] what a signed-out visitor sees of a shop, a claim link and a payment request", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: phone });
  try {
    const page = await context.newPage();
    await visit(page, `/s/${slug}`, "shop-signed-out");
    await openCheckout(page);
    await checkCurrentPage(page, "shop-checkout-signed-out");
    await visit(page, claimPath, "claim-signed-out");
    await visit(page, payPath, "pay-signed-out");
    // The merchant (signed in, not the giver) sees the claim link's offer.
    await visit(merchant.page, claimPath, "claim");
  } finally {
    await context.close();
  }
});
