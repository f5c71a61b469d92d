import { expect, test } from "@playwright/test";
import { createShopWithProduct } from "../shop/shop-helpers";
import { expectNoSidewaysScroll, expectPageAccessible } from "../support/page-checks";
import { markDocument, stillTheSameDocument } from "../support/same-document";
import { newPerson, requestCoupon, runLedgerCheck } from "../wallet/wallet-helpers";

test("[merchant] a person gives a coupon to a shop by its address; the owner's open Offers page shows it live, the owner accepts with a passkey, the giver sees it accepted", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const owner = await newPerson(browser, "shopown", "Olga Owner");
  const giver = await newPerson(browser, "giverg", "Gina Giver");
  try {
    const shopName = `Corner Cafe ${owner.handle}`;
    const slug = await createShopWithProduct(owner.page, shopName, "Flat white", "3.50");
    await owner.page.goto(`/merchant/${slug}`);
    await expect(owner.page.getByRole("link", { name: /Offers waiting 0/ })).toBeVisible();
    await expectNoSidewaysScroll(owner.page);
    await owner.page
      .getByRole("navigation", { name: "Shop sections" })
      .getByRole("link", { name: "Offers" })
      .click();
    await expect(owner.page).toHaveURL(`/merchant/${slug}/offers`);
    await expect(owner.page.getByText("No offers are waiting for an answer.")).toBeVisible();
    await markDocument(owner.page);

    await requestCoupon(giver.page, "10");
    await giver.page.getByLabel("To a shop").check();
    // An unknown address is said plainly, before any passkey prompt.
    await giver.page.getByLabel("Shop's address or link").fill("no-such-shop-anywhere");
    await giver.page.getByRole("button", { name: "Find shop" }).click();
    await expect(
      giver.page.getByText("There is no shop at the address no-such-shop-anywhere."),
    ).toBeVisible();
    // The storefront link, pasted.
    await giver.page
      .getByLabel("Shop's address or link")
      .fill(`${new URL(giver.page.url()).origin}/s/${slug}`);
    await giver.page.getByRole("button", { name: "Find shop" }).click();
    await expect(giver.page.getByText(`Give €10.00 to ${shopName}?`)).toBeVisible();
    await giver.page.getByRole("button", { name: `Give to ${shopName} with passkey` }).click();
    await expect(giver.page.getByText("Offered. Waiting for an answer.")).toBeVisible();
    await expect(giver.page.getByText(`Offered to ${shopName} until`)).toBeVisible();

    // The owner's page, open all along, shows the offer without a reload.
    const row = owner.page.getByRole("row", { name: new RegExp(giver.name) });
    await expect(row).toBeVisible({ timeout: 15_000 });
    await expect(row).toContainText("€10.00");
    expect(await stillTheSameDocument(owner.page)).toBe(true);
    await expectPageAccessible(owner.page);
    await expectNoSidewaysScroll(owner.page);

    await owner.page.getByRole("button", { name: `Accept €10.00 from ${giver.name}` }).click();
    await expect(
      owner.page.getByText(`Accepted €10.00 from ${giver.name}. It is in your shop's coupons.`),
    ).toBeVisible();
    await expect(owner.page.getByText("No offers are waiting for an answer.")).toBeVisible();

    // The giver's coupon page follows by itself.
    await expect(giver.page.locator('li[data-event-kind="accepted"]')).toBeVisible({ timeout: 15_000 });
    await expect(giver.page.locator('li[data-event-kind="accepted"]')).toContainText(
      `${shopName} accepted it`,
    );

    // The shop holds it.
    await owner.page.goto(`/merchant/${slug}/coupons`);
    await expect(owner.page.getByRole("list", { name: "Received coupons" })).toContainText("€10.00");

    const ledger = runLedgerCheck();
    expect(ledger.status, ledger.output).toBe(0);
  } finally {
    await owner.context.close();
    await giver.context.close();
  }
});
