import { expect, test } from "@playwright/test";
import { giveByHandle, newPerson, requestCoupon, runLedgerCheck, verifyAndAccept } from "./wallet-helpers";

test("[wallet] coupon history: a past holder sees it up to where it left them, never the later holders", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const a = await newPerson(browser, "hista", "Amy First");
  const b = await newPerson(browser, "histb", "Bill Second");
  const c = await newPerson(browser, "histc", "Cleo Third");
  try {
    const couponPath = await requestCoupon(a.page, "7.00");
    await giveByHandle(a.page, b);
    await verifyAndAccept(b.page, a.name);
    await giveByHandle(b.page, c);
    await verifyAndAccept(c.page, b.name);
    await expect(c.page.getByTestId("coupon-version")).toHaveText("3");

    await a.page.goto(couponPath);
    await expect(a.page.getByText("No longer in your wallet")).toBeVisible();
    await expect(a.page.getByText("Last seen with").locator("..")).toContainText(b.name);
    await expect(a.page.locator('li[data-event-kind="accepted"]')).toHaveCount(1);
    await expect(a.page.locator('li[data-event-kind="accepted"]')).toContainText(`${b.name} accepted it`);
    await expect(a.page.locator("main")).not.toContainText(c.name);

    await b.page.goto(couponPath);
    await expect(b.page.locator('li[data-event-kind="accepted"]')).toHaveCount(2);
    await expect(b.page.locator("main")).toContainText(c.name);

    const ledger = runLedgerCheck();
    expect(ledger.status, ledger.output).toBe(0);
  } finally {
    await a.context.close();
    await b.context.close();
    await c.context.close();
  }
});
