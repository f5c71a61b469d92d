import { expect, type Page, test } from "@playwright/test";
import { newPerson, requestCoupon, runLedgerCheck } from "./wallet-helpers";

/** The wallet home's "EUR ready to use" figure. */
const readyToUse = (page: Page) =>
  page.getByText("EUR ready to use", { exact: true }).locator("xpath=following-sibling::p[1]");

test("[wallet] give from several coupons: A gives €35 from €20 + €20 to B as one gift; B accepts it once", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const a = await newPerson(browser, "severala", "Anna Several");
  const b = await newPerson(browser, "severalb", "Bo Receiver");
  try {
    await requestCoupon(a.page, "20");
    await requestCoupon(a.page, "20");
    await a.page.getByLabel("Amount to give").fill("35");
    await expect(
      a.page.getByText(
        "More than this coupon: you give €35.00 from several of your coupons as one gift, and what is left over stays in your wallet.",
      ),
    ).toBeVisible();
    // One passkey confirmation gives both coupons (one split); the giver is told what happened.
    await a.page.getByLabel("Recipient's handle").fill(b.handle);
    await a.page.getByRole("button", { name: "Look up" }).click();
    await a.page.getByRole("button", { name: `Give to ${b.name} with passkey` }).click();
    await expect(
      a.page.getByText("Offered €35.00 from 2 coupons, as one gift. Waiting for an answer."),
    ).toBeVisible();

    await a.page.goto("/wallet");
    await expect(readyToUse(a.page)).toHaveText("€5.00");

    // The receiver sees ONE card for the gift and accepts it with one passkey confirmation.
    await b.page.goto("/wallet");
    const offers = b.page.getByRole("listitem", { name: new RegExp(`from ${a.name}$`) });
    await expect(offers).toHaveCount(1);
    await expect(offers).toContainText(`${a.name} offers you €35.00`);
    await expect(offers).toContainText("In 2 coupons");
    // The card fits a phone at 360 px.
    await b.page.setViewportSize({ width: 360, height: 740 });
    const card = await offers.boundingBox();
    expect(card && card.x + card.width).toBeLessThanOrEqual(360);
    expect(await offers.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await offers.getByRole("button", { name: "Accept" }).click();
    // (The card's "Accepted" line goes with the card as the page refreshes itself; the balances below tell.)

    // Both wallets show the right balance without a reload (A's page updates itself).
    await expect(readyToUse(b.page)).toHaveText("€35.00");
    await expect(b.page.getByRole("heading", { name: "Offers for you" })).toHaveCount(0);
    await expect(readyToUse(a.page)).toHaveText("€5.00");
    await expect(a.page.getByText("On its way out").locator("xpath=following-sibling::dd[1]")).toHaveText(
      "€0.00",
    );

    const ledger = runLedgerCheck();
    expect(ledger.status, ledger.output).toBe(0);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("[wallet] a claim link for a gift of several coupons: one claim takes them all", async ({ browser }) => {
  test.setTimeout(180_000);
  const a = await newPerson(browser, "sevlinka", "Ari Several");
  const b = await newPerson(browser, "sevlinkb", "Ben Claims");
  try {
    await requestCoupon(a.page, "20");
    await requestCoupon(a.page, "20");
    await a.page.getByLabel("Amount to give").fill("35");
    await a.page.getByLabel("As a claim link").check();
    await a.page.getByRole("button", { name: "Create claim link with passkey" }).click();
    await expect(a.page.getByText("Claim link created.")).toBeVisible();
    const link = await a.page.getByRole("textbox", { name: "Claim link" }).inputValue();

    await b.page.goto(new URL(link).pathname);
    await expect(b.page.getByText("€35.00")).toBeVisible();
    await b.page.getByRole("button", { name: "Claim with passkey" }).click();
    await expect(b.page).toHaveURL(/\/wallet$/);
    await expect(readyToUse(b.page)).toHaveText("€35.00");
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
