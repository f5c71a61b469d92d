import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createShopWithProduct } from "../shop/shop-helpers";
import { expectNoSidewaysScroll, expectPageAccessible } from "../support/page-checks";
import { markDocument, stillTheSameDocument } from "../support/same-document";
import { newPerson, runLedgerCheck } from "../wallet/wallet-helpers";

test("[campaigns] a shop owner prints claim codes with a passkey, watches them issue, downloads the links and the QR sheet; a person claims one", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const owner = await newPerson(browser, "campown", "Carla Campaigner");
  const person = await newPerson(browser, "campget", "Pia Receiver");
  try {
    const shopName = `Bakery ${owner.handle}`;
    const slug = await createShopWithProduct(owner.page, shopName, "Bread", "2.00");
    const page = owner.page;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/merchant/${slug}`);
    await page
      .getByRole("navigation", { name: "Shop sections" })
      .getByRole("link", { name: "Campaigns" })
      .click();
    await expect(page).toHaveURL(`/merchant/${slug}/campaigns`);
    await expect(page.getByText("No campaigns yet.")).toBeVisible();
    await expectPageAccessible(page);
    await expectNoSidewaysScroll(page);

    await page.getByLabel("Name (recipients see it)").fill("Spring vouchers");
    await page.getByLabel(/Value of each coupon/).fill("5.00");
    await page.getByLabel("Valid for (days)").fill("30");
    await page.getByLabel("Print claim codes").check();
    await page.getByLabel("How many claim codes").fill("4");
    await page.getByRole("button", { name: "Check the campaign" }).click();
    // The cost, before the passkey.
    await expect(page.getByText(`4 coupons × €5.00 = €20.00, charged to ${shopName}`)).toBeVisible();
    await expect(page.getByText("Issuing starts as soon as you confirm.")).toBeVisible();
    await page.getByRole("button", { name: "Create with passkey" }).click();
    await expect(page).toHaveURL(new RegExp(`/merchant/${slug}/campaigns/cmp_`));
    await markDocument(page);

    // The progress follows the job without a reload.
    await expect(page.getByTestId("campaign-progress")).toHaveText("4 of 4 coupons issued (100%)", {
      timeout: 60_000,
    });
    await expect(page.getByRole("heading", { name: "Finished" })).toBeVisible();
    expect(await stillTheSameDocument(page)).toBe(true);
    await expectPageAccessible(page);
    await expectNoSidewaysScroll(page);

    // The links, as CSV, after the passkey.
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download links (CSV)" }).click();
    const download = await downloading;
    const csv = await readFile((await download.path()) as string, "utf8");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("number,link,value,expires");
    expect(lines).toHaveLength(5);
    const link = (lines[2] as string).split(",")[1] as string;
    expect(link).toMatch(/\/claim\/scc_[A-Za-z0-9_-]{22}$/);

    // The printable sheet, in a new tab: one QR code per coupon.
    const opening = owner.context.waitForEvent("page");
    await page.getByRole("button", { name: "Printable QR sheet" }).click();
    const sheet = await opening;
    await sheet.waitForLoadState();
    await expect(sheet.getByRole("heading", { name: "Spring vouchers" })).toBeVisible();
    await expect(sheet.getByRole("img", { name: /QR code for claim code/ })).toHaveCount(4);
    await sheet.close();

    // A person claims the second code.
    await person.page.goto(new URL(link).pathname);
    await expect(person.page.getByText("€5.00")).toBeVisible();
    await person.page.getByRole("button", { name: "Claim with passkey" }).click();
    await expect(person.page).toHaveURL(/\/wallet\/coupons\//);

    const ledger = runLedgerCheck();
    expect(ledger.status, ledger.output).toBe(0);
  } finally {
    await owner.context.close();
    await person.context.close();
  }
});
