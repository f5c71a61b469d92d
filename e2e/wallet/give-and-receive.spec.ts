import { expect, test } from "@playwright/test";
import { giveByHandle, newPerson, requestCoupon, verifyAndAccept } from "./wallet-helpers";

test("[wallet] give by handle: B verifies and accepts, A sees it accepted live, A is charged once, B holds version 2", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newPerson(browser, "givera", "Alice Giver");
  const b = await newPerson(browser, "takerb", "Bob Taker");
  try {
    const couponPath = await requestCoupon(a.page, "12.50");
    await expect(a.page.getByTestId("coupon-version")).toHaveText("1");
    await giveByHandle(a.page, b);
    await expect(a.page.getByText(`Offered to ${b.name} until`)).toBeVisible();

    await verifyAndAccept(b.page, a.name);
    expect(new URL(b.page.url()).pathname).toBe(couponPath);
    await expect(b.page.getByTestId("coupon-version")).toHaveText("2");
    await expect(b.page.getByRole("heading", { level: 1 })).toHaveText("€12.50");
    await expect(b.page.getByText("Ready to use")).toBeVisible();

    // A never reloads: the polling watcher refreshes the timeline when B accepts.
    await expect(a.page.locator('li[data-event-kind="accepted"]')).toBeVisible({ timeout: 15_000 });
    await expect(a.page.locator('li[data-event-kind="accepted"]')).toContainText(`${b.name} accepted it`);
    await expect(a.page.getByText("Paid for").locator("..")).toContainText("Yes");

    await a.page.goto("/wallet/statements");
    const funding = a.page.locator('tr[data-posting-kind="funding"]');
    await expect(funding).toHaveCount(1);
    await expect(funding).toContainText("You owe €12.50");
    await expect(a.page.locator("tr[data-posting-kind]")).toHaveCount(1);
    await expect(a.page.getByTestId("preview-EUR")).toHaveText("You will owe Scrip €12.50");

    // B holds it on the wallet home with its badge; A no longer does.
    await b.page.goto("/wallet");
    await expect(b.page.getByRole("link", { name: /Coupon €12\.50, Ready to use/ })).toBeVisible();
    await a.page.goto("/wallet");
    await expect(a.page.getByRole("link", { name: /Coupon €12\.50/ })).toHaveCount(0);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("[wallet] decline: B declines a directed offer and the coupon is A's again", async ({ browser }) => {
  test.setTimeout(90_000);
  const a = await newPerson(browser, "givera", "Ann Giver");
  const b = await newPerson(browser, "takerb", "Ben Taker");
  try {
    await requestCoupon(a.page, "5");
    await giveByHandle(a.page, b);
    await b.page.goto("/wallet");
    const offer = b.page.getByRole("listitem", { name: new RegExp(`from ${a.name}$`) });
    await offer.getByRole("button", { name: "Decline" }).click();
    await expect(b.page.getByText("Declined: the coupon went back to its giver.")).toBeVisible();
    await expect(a.page.locator('li[data-event-kind="declined"]')).toBeVisible({ timeout: 15_000 });
    await expect(a.page.getByText("Ready to use")).toBeVisible();
    await expect(a.page.getByTestId("coupon-version")).toHaveText("1");
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
