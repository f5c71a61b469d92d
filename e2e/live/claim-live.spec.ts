import { expect, type Page, test } from "@playwright/test";
import { markDocument, stillTheSameDocument } from "../support/same-document";
import { createClaimLink, newPerson, requestCoupon } from "../wallet/wallet-helpers";

/** Opens a claim page in a signed-out browser and marks the document, so a reload would be noticed. */
async function openClaimPage(page: Page, claimPath: string): Promise<void> {
  await page.goto(claimPath);
  await expect(page.getByText("Verified by Scrip just now: a genuine coupon")).toBeVisible();
  await expect(page.getByText("This page updates by itself while the link is open.")).toBeVisible();
  await markDocument(page);
}

test("[live] a claim page open elsewhere shows within 2 s that its link was claimed, then that another was cancelled", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const giver = await newPerson(browser, "clva", "Gina Linker");
  const taker = await newPerson(browser, "clvb", "Theo Taker");
  const watcher = await browser.newContext();
  try {
    const page = await watcher.newPage();

    // Claimed by someone else: the signed-out watcher's page changes by itself.
    await requestCoupon(giver.page, "6.40");
    const claimed = await createClaimLink(giver.page);
    await openClaimPage(page, claimed);
    await taker.page.goto(claimed);
    await taker.page.getByRole("button", { name: "Claim with passkey" }).click();
    await expect(taker.page).toHaveURL(/\/wallet\/coupons\/cpn_/);
    await expect(page.locator("main").getByRole("alert")).toHaveText(
      "This coupon has already been claimed.",
      {
        timeout: 2_000,
      },
    );
    await expect(page.getByRole("link", { name: "Sign in to claim" })).toHaveCount(0);
    expect(await stillTheSameDocument(page)).toBe(true);

    // Cancelled by the giver: the same.
    await requestCoupon(giver.page, "3.20");
    const cancelled = await createClaimLink(giver.page);
    await openClaimPage(page, cancelled);
    await giver.page.getByRole("button", { name: "Cancel offer" }).click();
    await expect(page.locator("main").getByRole("alert")).toHaveText("The giver cancelled this offer.", {
      timeout: 2_000,
    });
    expect(await stillTheSameDocument(page)).toBe(true);
  } finally {
    await watcher.close();
    await giver.context.close();
    await taker.context.close();
  }
});
