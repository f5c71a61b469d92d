import { expect, test } from "@playwright/test";
import { giveByHandle, newPerson, requestCoupon } from "./wallet-helpers";

test("[wallet] cancel offer: A cancels a pending offer and it leaves B's open page without a reload", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const a = await newPerson(browser, "cancela", "Ada Canceller");
  const b = await newPerson(browser, "lateb", "Bo Late");
  try {
    await requestCoupon(a.page, "3.10");
    await giveByHandle(a.page, b);

    // B has the offer open when A cancels it.
    await b.page.goto("/wallet");
    const offer = b.page.getByRole("listitem", { name: new RegExp(`from ${a.name}$`) });
    await expect(offer).toBeVisible();

    await a.page.getByRole("button", { name: "Cancel offer" }).click();
    await expect(a.page.getByText("Offer cancelled: the coupon is yours again.")).toBeVisible();
    await expect(a.page.locator('li[data-event-kind="cancelled"]')).toBeVisible();
    await expect(a.page.getByText("Ready to use")).toBeVisible();

    // B's page is live: the cancelled offer disappears without a reload, so B is never invited to accept it.
    // (An accept of a cancelled offer is refused in the domain: tests/integration/transfer-state-machine.)
    await expect(offer).toHaveCount(0, { timeout: 2_000 });
    await expect(b.page.getByRole("heading", { name: "Offers for you" })).toHaveCount(0);
    await expect(b.page.getByText("Your wallet is empty")).toBeVisible();
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("[wallet] offer expiry: an unanswered offer expires and the coupon returns to A", async ({
  browser,
}) => {
  // The shortest offer the wallet makes is open for 75 seconds (the core's minimum is one minute). The
  // expire-transfers job closes it within seconds of its expiry (reads never write), and A's open page, which
  // watches the coupon's live status, refreshes when the expiry event lands.
  test.setTimeout(180_000);
  const a = await newPerson(browser, "expirea", "Ari Expirer");
  const b = await newPerson(browser, "silentb", "Bea Silent");
  try {
    await requestCoupon(a.page, "4.00");
    await giveByHandle(a.page, b, "About a minute");
    await b.page.goto("/wallet");
    await expect(b.page.getByRole("listitem", { name: new RegExp(`from ${a.name}$`) })).toBeVisible();

    await expect(a.page.locator('li[data-event-kind="transfer_expired"]')).toBeVisible({ timeout: 120_000 });
    await expect(a.page.locator('li[data-event-kind="transfer_expired"]')).toContainText("Offer expired");
    await expect(a.page.getByText("Ready to use")).toBeVisible();
    // Never "Waiting for an answer" beside "Ready to use".
    await expect(a.page.getByText(/Waiting for an answer/)).toHaveCount(0);
    await expect(a.page.getByTestId("coupon-version")).toHaveText("1");
    await expect(a.page.getByRole("button", { name: "Look up" })).toBeVisible();

    await b.page.goto("/wallet");
    await expect(b.page.getByRole("heading", { name: "Offers for you" })).toHaveCount(0);
    await a.page.goto("/wallet");
    await expect(a.page.getByRole("link", { name: /Coupon €4\.00, Ready to use/ })).toBeVisible();
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
