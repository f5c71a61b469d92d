import { expect, test } from "@playwright/test";
import { giveByHandle, newPerson, requestCoupon } from "./wallet-helpers";

test("[wallet] home screenshot: coupons and an incoming offer at phone and desktop widths", async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const a = await newPerson(browser, "shota", "Sam Shutter");
  const b = await newPerson(browser, "shotb", "Kim Sender");
  try {
    await requestCoupon(a.page, "12.50");
    await requestCoupon(a.page, "40");
    await requestCoupon(a.page, "1500", "JPY");
    await requestCoupon(b.page, "15");
    await giveByHandle(b.page, a);

    await a.page.goto("/wallet");
    await expect(a.page.getByRole("heading", { name: "Offers for you" })).toBeVisible();
    // Coupon links are named "Coupon <amount>, <state>" (the "Coupon history" link is not one of them).
    await expect(a.page.getByRole("link", { name: /^Coupon [€$¥]/ })).toHaveCount(3);
    await expect(a.page.getByRole("link", { name: /^Coupon ¥1,500/ })).toBeVisible();
    for (const [name, size] of [
      ["wallet-home-phone.png", { width: 390, height: 844 }],
      ["wallet-home-desktop.png", { width: 1280, height: 800 }],
    ] as const) {
      await a.page.setViewportSize(size);
      const path = testInfo.outputPath(name);
      await a.page.screenshot({ path, fullPage: true });
      await testInfo.attach(name, { path, contentType: "image/png" });
    }
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
