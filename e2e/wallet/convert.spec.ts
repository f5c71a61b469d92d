import { expect, test } from "@playwright/test";
import { giveByHandle, newPerson, requestCoupon, runLedgerCheck, verifyAndAccept } from "./wallet-helpers";

test("[wallet] convert: B converts a received coupon, the ledger check is clean and B's preview shows the payout", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newPerson(browser, "funda", "Amy Funder");
  const b = await newPerson(browser, "convb", "Ben Converter");
  try {
    await requestCoupon(a.page, "20");
    await giveByHandle(a.page, b);
    await verifyAndAccept(b.page, a.name);
    await expect(
      b.page.getByText("Converting pays €20.00 out to you at the next charging run."),
    ).toBeVisible();
    await b.page.getByRole("button", { name: "Convert to money" }).click();
    await expect(
      b.page.getByText("Converted: €20.00 will be paid out at the next charging run."),
    ).toBeVisible();
    await expect(b.page.getByText("Converted", { exact: true }).first()).toBeVisible();
    await expect(b.page.locator('li[data-event-kind="converted"]')).toBeVisible();

    const check = runLedgerCheck();
    expect(check.status, check.output).toBe(0);
    expect(check.output).toContain("Ledger consistent");

    await b.page.goto("/wallet/statements");
    await expect(b.page.getByTestId("preview-EUR")).toHaveText("Scrip will pay you €20.00");
    await expect(b.page.locator('tr[data-posting-kind="conversion"]')).toContainText("Owed to you €20.00");
    await b.page.goto("/wallet");
    await expect(b.page.getByTestId("unbilled-EUR")).toHaveText("€20.00");
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("[wallet] void: A voids an unfunded coupon never given away", async ({ browser }) => {
  const a = await newPerson(browser, "voida", "Val Voider");
  try {
    await requestCoupon(a.page, "9.99");
    await expect(a.page.getByRole("button", { name: "Convert to money" })).toHaveCount(0);
    await a.page.getByRole("button", { name: "Void coupon" }).click();
    await expect(a.page.getByText("Voided: nothing is owed for it.")).toBeVisible();
    await expect(a.page.locator('li[data-event-kind="voided"]')).toBeVisible();
    await a.page.goto("/wallet/statements");
    await expect(a.page.getByText("Nothing to bill or pay out yet.")).toBeVisible();
  } finally {
    await a.context.close();
  }
});
