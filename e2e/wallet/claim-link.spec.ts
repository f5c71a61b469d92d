import { expect, test } from "@playwright/test";
import { createClaimLink, newPerson, requestCoupon } from "./wallet-helpers";

test("[wallet] claim link: B opens it signed out, signs in, claims; a second claim of the link is refused", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newPerson(browser, "linka", "Alma Linker");
  const b = await newPerson(browser, "claimb", "Bert Claimer");
  const c = await newPerson(browser, "latec", "Cleo Late");
  try {
    const couponPath = await requestCoupon(a.page, "7.25");
    const claimPath = await createClaimLink(a.page);
    expect(claimPath).toMatch(/^\/claim\/scc_/);

    // C opens the link too, but waits before claiming. C's page is kept as it was (its live status checks fail),
    // so it still offers the claim after B's: the server's refusal is what stops the second claim.
    await c.page.route("**/api/claim/status", (route) => route.abort());
    await c.page.goto(claimPath);
    await expect(c.page.getByRole("button", { name: "Claim with passkey" })).toBeVisible();

    // B is signed out when the link arrives.
    await b.page.getByRole("button", { name: "Sign out" }).click();
    await expect(b.page).toHaveURL(/\/$/);
    await b.page.goto(claimPath);
    await expect(b.page.getByText("€7.25")).toBeVisible();
    await expect(b.page.getByText(`From ${a.name}`)).toBeVisible();
    await expect(b.page.getByText("Verified by Scrip just now: a genuine coupon")).toBeVisible();
    await b.page.getByRole("link", { name: "Sign in to claim" }).click();
    await expect(b.page).toHaveURL(/\/signin\?next=/);
    await b.page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(b.page).toHaveURL(new RegExp(`${claimPath}$`));
    await b.page.getByRole("button", { name: "Claim with passkey" }).click();
    await expect(b.page).toHaveURL(new RegExp(`${couponPath}$`));
    await expect(b.page.getByTestId("coupon-version")).toHaveText("2");

    // The giver sees the claim without reloading.
    await expect(a.page.locator('li[data-event-kind="accepted"]')).toBeVisible({ timeout: 15_000 });

    // The link is spent: opening it again offers nothing to claim, to B or to anyone else.
    await b.page.goto(claimPath);
    await expect(b.page.locator("main").getByRole("alert")).toHaveText(
      "This coupon has already been claimed.",
    );
    await expect(b.page.getByRole("button", { name: "Claim with passkey" })).toHaveCount(0);

    // C's second claim of the same link, from the page opened before B claimed, is refused: C's device finds
    // the offer no longer open before any passkey prompt (the server refuses it too: transfer-state-machine tests).
    await c.page.getByRole("button", { name: "Claim with passkey" }).click();
    await expect(c.page.locator("main").getByRole("alert")).toHaveText("This offer is no longer open.");
    await expect(c.page).toHaveURL(new RegExp(`${claimPath}$`));
  } finally {
    await c.context.close();
    await a.context.close();
    await b.context.close();
  }
});
