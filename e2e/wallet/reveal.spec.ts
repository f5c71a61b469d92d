import { expect, test } from "@playwright/test";
import { newPerson, requestCoupon } from "./wallet-helpers";

test("[wallet] reveal: unlocking the wallet and confirming with a passkey shows the token as text and QR code", async ({
  browser,
}) => {
  const a = await newPerson(browser, "reveala", "Ray Revealer");
  try {
    await requestCoupon(a.page, "11");
    await expect(a.page.getByText("This coupon's token and QR code are hidden")).toBeVisible();
    await expect(a.page.getByRole("button", { name: "Show token and QR code" })).toHaveCount(0);
    await a.page.getByRole("button", { name: "Unlock wallet" }).click();
    await a.page.getByRole("button", { name: "Show token and QR code" }).click();
    const token = a.page.getByLabel("Coupon token");
    await expect(token).toBeVisible();
    expect(await token.inputValue()).toMatch(/^[A-Za-z0-9_.~-]{100,}$/);
    await expect(a.page.getByRole("img", { name: "QR code of the coupon token" })).toBeVisible();
    await a.page.getByRole("button", { name: "Hide token" }).click();
    await expect(a.page.getByLabel("Coupon token")).toHaveCount(0);
  } finally {
    await a.context.close();
  }
});
