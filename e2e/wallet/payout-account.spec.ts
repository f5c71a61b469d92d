import { expect, type Page, test } from "@playwright/test";
import { createShopWithProduct } from "../shop/shop-helpers";
import { expectNoSidewaysScroll, expectPageAccessible } from "../support/page-checks";
import { newPerson } from "./wallet-helpers";

/** Fills the payout form, has it checked, and confirms the account it shows with the passkey. */
async function saveAccount(
  page: Page,
  input: { iban: string; holder: string; bic?: string },
  masked: string,
) {
  await page.getByLabel("IBAN").fill(input.iban);
  await page.getByLabel(/^Account holder/).fill(input.holder);
  await page.getByLabel("BIC (optional)").fill(input.bic ?? "");
  await page.getByRole("button", { name: "Check and continue" }).click();
  const confirm = page.getByRole("region", { name: "Scrip will pay this account" });
  await expect(confirm).toContainText(masked);
  await expect(confirm.getByRole("button", { name: "Confirm with passkey" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Saved. Payouts to this account wait 24 hours for review")).toBeVisible();
  const current = page.getByRole("region", { name: "Current account" });
  await expect(current).toContainText(masked);
  await expect(current).toContainText(input.holder);
  await expect(current).toContainText(/Changed on .+; payouts wait until .+ for review\./);
}

async function removeAccount(page: Page) {
  await page.getByRole("button", { name: "Remove this account" }).click();
  await page
    .getByRole("region", { name: "Remove this payout account?" })
    .getByRole("button", { name: "Remove with passkey" })
    .click();
  await expect(
    page.getByText("Removed. Scrip cannot pay out until an account is added again."),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "No payout account yet" })).toBeVisible();
}

test("[wallet] payout account: a person adds an IBAN with a passkey, sees it masked and held, changes and removes it", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const person = await newPerson(browser, "pyo", "Paula Payee");
  try {
    const page = person.page;
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto("/wallet/settings/security");
    await page.getByRole("link", { name: "Where Scrip pays you" }).click();
    await expect(page).toHaveURL(/\/wallet\/settings\/payout$/);
    await expect(page.getByRole("heading", { name: "No payout account yet" })).toBeVisible();

    // A typo is named before any passkey is asked.
    await page.getByLabel("IBAN").fill("DE89 3704 0044 0532 0130 01");
    await page.getByLabel(/^Account holder/).fill("Paula Payee");
    await page.getByRole("button", { name: "Check and continue" }).click();
    await expect(
      page.getByText(
        "This IBAN has a typing mistake: its check digits do not match. Copy it again from a bank statement.",
      ),
    ).toBeVisible();
    await expect(page.getByRole("region", { name: "Scrip will pay this account" })).toHaveCount(0);

    await saveAccount(
      page,
      { iban: "de89 3704 0044 0532 0130 00", holder: "Paula Payee" },
      "DE•• •••• •••• •••• ••30 00",
    );
    await expect(page.locator("body")).not.toContainText("3704");
    await expectNoSidewaysScroll(page);
    await expectPageAccessible(page);

    await saveAccount(
      page,
      { iban: "FR14 2004 1010 0505 0001 3M02 606", holder: "Paula P", bic: "bnpafrpp" },
      "FR•• •••• •••• •••• •••• •••2 606",
    );
    await expect(page.getByRole("region", { name: "Current account" })).toContainText("BNPAFRPP");

    await removeAccount(page);

    // Each change is in the account's security events.
    await page.goto("/wallet/settings/security");
    await expect(page.getByRole("list", { name: "Security events" })).toContainText(
      "Where Scrip pays you was changed",
    );
  } finally {
    await person.context.close();
  }
});

test("[shop] payout account: the owner sets and removes the shop's; staff see it masked, read-only", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const owner = await newPerson(browser, "pyso", "Olga Owner");
  const helper = await newPerson(browser, "pyss", "Sam Staff");
  try {
    const page = owner.page;
    const slug = await createShopWithProduct(page, `Olga's Deli ${owner.handle}`, "Olives", "4");
    await page.goto(`/merchant/${slug}/members`);
    await page.getByLabel("Handle").fill(helper.handle);
    await page.getByLabel("Role").selectOption("staff");
    await page.getByRole("button", { name: "Add member" }).click();
    await expect(page.getByText(`@${helper.handle} is now staff.`)).toBeVisible();

    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`/merchant/${slug}/payout`);
    await expect(page.getByRole("heading", { name: "Where Scrip pays the shop" })).toBeVisible();
    await saveAccount(
      page,
      { iban: "NL91ABNA0417164300", holder: "Olga's Deli BV" },
      "NL•• •••• •••• ••43 00",
    );
    await expectNoSidewaysScroll(page);
    await expectPageAccessible(page);

    const staffPage = helper.page;
    await staffPage.goto(`/merchant/${slug}/payout`);
    await expect(staffPage.getByRole("region", { name: "Current account" })).toContainText(
      "NL•• •••• •••• ••43 00",
    );
    await expect(staffPage.getByText("Only the shop's owners can change it.")).toBeVisible();
    await expect(staffPage.getByLabel("IBAN")).toHaveCount(0);
    await expect(staffPage.getByRole("button", { name: "Remove this account" })).toHaveCount(0);

    await removeAccount(page);
  } finally {
    await owner.context.close();
    await helper.context.close();
  }
});
