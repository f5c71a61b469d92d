import { expect, type Page, type Route, test } from "@playwright/test";
import { newPerson } from "./wallet-helpers";

async function ask(page: Page, amount: string, currency = "EUR") {
  await page.getByLabel("Amount").fill(amount);
  await page.getByLabel("Currency").selectOption(currency);
  await page.getByRole("button", { name: "Request with passkey" }).click();
}

test("[wallet] request: bad amounts, the coupon maximum and the credit limit are refused clearly; above the threshold it awaits approval", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const a = await newPerson(browser, "reqa", "Rae Requester");
  try {
    await a.page.goto("/wallet");
    await expect(a.page.getByText("Your wallet is empty")).toBeVisible();
    await a.page.getByRole("link", { name: "Request your first coupon" }).click();
    await expect(a.page.getByTestId("credit-left")).toHaveText("€2,000.00");

    await ask(a.page, "12.345");
    await expect(a.page.locator("main").getByRole("alert")).toHaveText("EUR allows at most 2 decimals.");
    await ask(a.page, "1.5", "JPY");
    await expect(a.page.locator("main").getByRole("alert")).toHaveText(
      "JPY has no decimals; enter a whole amount.",
    );
    await ask(a.page, "-3");
    await expect(a.page.locator("main").getByRole("alert")).toHaveText("The amount cannot be negative.");
    await ask(a.page, "twelve");
    await expect(a.page.locator("main").getByRole("alert")).toHaveText("Enter an amount such as 12.50.");
    await ask(a.page, "1000.01");
    await expect(a.page.locator("main").getByRole("alert")).toHaveText(
      "This is more than a single coupon may be worth.",
    );

    // Above the approval threshold (EUR 200) a request waits for an admin, and counts against the credit limit.
    await ask(a.page, "1000");
    await expect(
      a.page.getByText("Awaiting approval: an administrator will look at this request."),
    ).toBeVisible();
    await ask(a.page, "999.99");
    await expect(a.page.getByText("Awaiting approval")).toBeVisible();
    await a.page.reload();
    await expect(a.page.getByTestId("credit-left")).toHaveText("€0.01");
    await ask(a.page, "0.02");
    await expect(a.page.locator("main").getByRole("alert")).toContainText("over your credit limit");
    await ask(a.page, "0.01");
    await expect(a.page.getByText("Coupon issued. It is in your wallet now.")).toBeVisible();
  } finally {
    await a.context.close();
  }
});

test("[wallet] request: when Scrip cannot be reached the form says nothing was done and works again", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const a = await newPerson(browser, "reqn", "Nia Network");
  try {
    await a.page.goto("/wallet/request");
    // Drop every server action call, as a lost connection would.
    const dropActions = (route: Route) =>
      route.request().method() === "POST" && route.request().headers()["next-action"]
        ? route.abort("internetdisconnected")
        : route.fallback();
    await a.page.route("**/*", dropActions);
    await ask(a.page, "5");
    await expect(a.page.locator("main").getByRole("alert")).toHaveText(
      "Scrip could not be reached, so nothing was done. Check your connection and try again.",
    );
    const button = a.page.getByRole("button", { name: "Request with passkey" });
    await expect(button).toBeEnabled();
    // Back online, the same form goes through, and the wallet holds exactly that one coupon.
    await a.page.unroute("**/*", dropActions);
    await ask(a.page, "5");
    await expect(a.page.getByText("Coupon issued. It is in your wallet now.")).toBeVisible();
    await a.page.goto("/wallet");
    await expect(a.page.getByRole("link", { name: /^Coupon €5\.00/ })).toHaveCount(1);
  } finally {
    await a.context.close();
  }
});
