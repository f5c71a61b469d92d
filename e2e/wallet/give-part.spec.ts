import { expect, test } from "@playwright/test";
import { createClaimLink, newPerson, requestCoupon, runLedgerCheck, verifyAndAccept } from "./wallet-helpers";

test("[wallet] give part: A gives €4 of a €10 coupon to B, keeps €6, B sees a €4 offer and accepts it", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newPerson(browser, "partera", "Ada Parter");
  const b = await newPerson(browser, "partakb", "Bea Taker");
  try {
    await requestCoupon(a.page, "10");
    const amount = a.page.getByLabel("Amount to give");
    await expect(amount).toHaveValue("10.00");
    await expect(a.page.getByText("The whole coupon, €10.00. Give less to keep the rest.")).toBeVisible();

    // Giving to yourself is refused before any passkey prompt.
    const self = a.page.getByRole("heading", { name: "Give this coupon" }).locator("..");
    await a.page.getByLabel("Recipient's handle").fill(a.handle);
    await a.page.getByRole("button", { name: "Look up" }).click();
    await a.page.getByRole("button", { name: `Give to ${a.name} with passkey` }).click();
    await expect(self.getByRole("alert")).toHaveText("You cannot give a coupon to yourself.");

    await a.page.getByLabel("Recipient's handle").fill(b.handle);
    await a.page.getByRole("button", { name: "Look up" }).click();
    await expect(a.page.getByText(`Give to ${b.name} (@${b.handle})?`)).toBeVisible();

    // More than the coupon comes from several coupons, up to what the wallet holds: here only €10.00.
    await amount.fill("12");
    await expect(a.page.getByText(/^More than this coupon: you give €12\.00 from several/)).toBeVisible();
    await a.page.getByRole("button", { name: `Give to ${b.name} with passkey` }).click();
    await expect(self.getByRole("alert")).toContainText("You can give at most €10.00");

    await amount.fill("4");
    await expect(
      a.page.getByText("You give €4.00; €6.00 stays in your wallet as a new coupon."),
    ).toBeVisible();
    await a.page.getByRole("button", { name: `Give to ${b.name} with passkey` }).click();
    await expect(
      a.page.getByText("Offered €4.00. Waiting for an answer. €6.00 stays in your wallet."),
    ).toBeVisible();
    await expect(a.page.getByRole("link", { name: "The €6.00 still in your wallet" })).toBeVisible();

    await a.page.goto("/wallet");
    await expect(a.page.getByRole("link", { name: /Coupon €6\.00, Ready to use/ })).toBeVisible();
    await expect(a.page.getByRole("link", { name: /Coupon €4\.00, Offered/ })).toBeVisible();
    await expect(a.page.getByRole("link", { name: /Coupon €10\.00/ })).toHaveCount(0);

    await b.page.goto("/wallet");
    await expect(b.page.getByRole("listitem", { name: new RegExp(`from ${a.name}$`) })).toContainText(
      "€4.00",
    );
    await verifyAndAccept(b.page, a.name);
    await expect(b.page.getByRole("heading", { level: 1 })).toHaveText("€4.00");
    await expect(b.page.getByText("Ready to use")).toBeVisible();

    await a.page.goto("/wallet");
    await expect(a.page.getByRole("link", { name: /Coupon €6\.00, Ready to use/ })).toBeVisible();
    await expect(a.page.getByRole("link", { name: /Coupon €4\.00/ })).toHaveCount(0);

    const ledger = runLedgerCheck();
    expect(ledger.status, ledger.output).toBe(0);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("[wallet] give part as a claim link: €2.50 of a €10 coupon, B claims it, A keeps €7.50", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const a = await newPerson(browser, "linkpa", "Ari Linker");
  const b = await newPerson(browser, "linkpb", "Ben Claimer");
  try {
    await requestCoupon(a.page, "10");
    await a.page.getByLabel("Amount to give").fill("2.50");
    const claimPath = await createClaimLink(a.page);
    await expect(a.page.getByText("It gives €2.50; €7.50 stays in your wallet.")).toBeVisible();

    await b.page.goto(claimPath);
    await expect(b.page.getByText("€2.50")).toBeVisible();
    await b.page.getByRole("button", { name: "Claim with passkey" }).click();
    await expect(b.page).toHaveURL(/\/wallet\/coupons\/cpn_/);
    await expect(b.page.getByRole("heading", { level: 1 })).toHaveText("€2.50");

    await a.page.goto("/wallet");
    await expect(a.page.getByRole("link", { name: /Coupon €7\.50, Ready to use/ })).toBeVisible();
    const ledger = runLedgerCheck();
    expect(ledger.status, ledger.output).toBe(0);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
