import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { xmllint } from "../../lib/banking/testing/xmllint";
import { camt054Of } from "../../tests/support/bank-answer-files";
import { createShopWithProduct } from "../shop/shop-helpers";
import { endPayoutHoldOfShop } from "../support/app-database";
import { expectNoSidewaysScroll, expectPageAccessible } from "../support/page-checks";
import { adminInvitePath, confirmAdminInvite } from "../support/running-app";
import { newPerson, requestCoupon, runLedgerCheck } from "../wallet/wallet-helpers";

/** The shop's owner gives the shop a bank account (the form checks it, the passkey confirms it). */
async function addShopIban(page: Page, slug: string) {
  await page.goto(`/merchant/${slug}/payout`);
  await page.getByLabel("IBAN").fill("NL91 ABNA 0417 1643 00");
  await page.getByLabel(/^Account holder/).fill("Pia's Pantry");
  await page.getByRole("button", { name: "Check and continue" }).click();
  await page
    .getByRole("region", { name: "Scrip will pay this account" })
    .getByRole("button", { name: "Confirm with passkey" })
    .click();
  await expect(page.getByText("Saved. Payouts to this account wait 24 hours for review")).toBeVisible();
}

test("[admin] payouts: a shop adds its IBAN and converts coupons; the admin charges, takes the SEPA file, marks it sent and uploads the bank's confirmation; the shop sees it paid out", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const merchant = await newPerson(browser, "pom", "Pia Merchant");
  const shopper = await newPerson(browser, "pos", "Pat Shopper");
  const admin = await newPerson(browser, "poa", "Ada Payer");
  try {
    // The shop sells a €4.00 jar, gives its bank account, is paid with a coupon and converts it.
    const slug = await createShopWithProduct(merchant.page, `Pia's Pantry ${merchant.handle}`, "Jam", "4");
    await addShopIban(merchant.page, slug);
    await requestCoupon(shopper.page, "4");
    await shopper.page.goto(`/s/${slug}`);
    await shopper.page.getByRole("button", { name: "Add Jam to cart" }).click();
    await shopper.page.getByRole("link", { name: /Cart \(1\)/ }).click();
    await shopper.page.getByRole("button", { name: /^Pay / }).click();
    await expect(shopper.page.getByRole("heading", { name: /Paid at/ })).toBeVisible();
    await merchant.page.goto(`/merchant/${slug}/coupons`);
    await merchant.page.getByRole("button", { name: "Convert all (1)" }).click();
    await expect(merchant.page.getByText(/Converted 1 coupon/)).toBeVisible();
    // Test only: the account was added two days ago, so its 24-hour review hold is over.
    await endPayoutHoldOfShop(slug);

    // The admin enrols and runs charging now.
    await admin.page.goto(adminInvitePath());
    await confirmAdminInvite(admin.page, admin.handle);
    await admin.page.goto("/admin/charging");
    await admin.page.getByRole("button", { name: "Run charging" }).click();
    await expect(admin.page.getByText(/Run run_[A-Za-z0-9_-]{22} completed/)).toBeVisible({
      timeout: 30_000,
    });

    // A payout batch: the shop's €4.00 is in the file.
    await admin.page.setViewportSize({ width: 360, height: 800 });
    await admin.page.goto("/admin/payouts");
    await admin.page.getByRole("button", { name: "Make a payout batch (EUR)" }).click();
    await expect(admin.page).toHaveURL(/\/admin\/payouts\/pob_/);
    const shopRow = admin.page.locator("tr", { hasText: `Pia's Pantry ${merchant.handle}` });
    await expect(shopRow).toContainText("€4.00");
    await expect(shopRow).toContainText("in the file");
    await expectNoSidewaysScroll(admin.page);
    await expectPageAccessible(admin.page);

    // The SEPA file, taken with the passkey, is valid pain.001 paying the shop's IBAN.
    const downloading = admin.page.waitForEvent("download");
    await admin.page.getByRole("button", { name: "Take the bank file" }).click();
    const download = await downloading;
    const xml = fs.readFileSync((await download.path()) ?? "", "utf8");
    const lint = await xmllint(xml, "pain.001.001.09.xsd");
    expect(lint.valid, lint.output).toBe(true);
    expect(xml).toContain("<IBAN>NL91ABNA0417164300</IBAN>");
    // The shop's payout is the file's only transfer (nobody else's bank account is past its review hold).
    expect(xml).toContain("<NbOfTxs>1</NbOfTxs>");
    expect(xml).toContain('<InstdAmt Ccy="EUR">4.00</InstdAmt>');
    const endToEndId = /<EndToEndId>([^<]+)<\/EndToEndId>/.exec(xml)?.[1] ?? "";
    expect(endToEndId).toMatch(/^stm\+/);
    await expect(admin.page.getByText(/^Downloaded scrip-payouts-/)).toBeVisible();

    // Marked sent to the bank, with the passkey.
    await admin.page.getByRole("button", { name: "Mark as sent to the bank" }).click();
    await expect(admin.page.getByText("The batch is marked sent to the bank.")).toBeVisible({
      timeout: 30_000,
    });

    // The bank's camt.054 confirms the transfer.
    await admin.page.getByLabel("Bank file").setInputFiles({
      name: "camt054.xml",
      mimeType: "application/xml",
      buffer: Buffer.from(camt054Of(`NTF-${merchant.handle}`, [{ endToEndId, amount: "4.00" }])),
    });
    await admin.page.getByRole("button", { name: "Upload" }).click();
    await expect(admin.page.getByText(/^1 payout sent, 0 returned/)).toBeVisible({ timeout: 30_000 });
    await expect(shopRow).toContainText("paid out");

    const check = runLedgerCheck();
    expect(check.status, check.output).toBe(0);

    // The shop reads it on its statements.
    await merchant.page.goto(`/merchant/${slug}/statements`);
    const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" }).format(
      new Date(),
    );
    await expect(merchant.page.getByTestId("statement")).toContainText(`Paid out on ${day} to NL•• … 4300`);
  } finally {
    await merchant.context.close();
    await shopper.context.close();
    await admin.context.close();
  }
});
