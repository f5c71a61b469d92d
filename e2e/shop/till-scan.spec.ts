import { expect, test } from "@playwright/test";
import { type CameraDevice, openCameraDevice, pointCameraAt } from "../support/fake-camera";
import { expectNoSidewaysScroll, expectPageAccessible } from "../support/page-checks";
import { addVirtualAuthenticator, signUp, uniqueHandle } from "../support/webauthn";
import { newPerson, requestCoupon, runLedgerCheck } from "../wallet/wallet-helpers";
import { createShopWithProduct } from "./shop-helpers";

let till: CameraDevice | null = null;

test.afterEach(async () => {
  await till?.browser.close();
  till = null;
});

test("[shop] the till scans the customer's coupon; the customer pays the request in their wallet; the till shows Paid", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const customer = await newPerson(browser, "tillcust", "Cora Customer");
  try {
    await customer.page.setViewportSize({ width: 360, height: 800 });
    // The customer shows a coupon's QR code on their phone.
    const couponPath = await requestCoupon(customer.page, "10.00");
    await customer.page.getByRole("button", { name: "Unlock wallet" }).click();
    await customer.page.getByRole("button", { name: "Show token and QR code" }).click();
    const couponCode = customer.page.getByRole("img", { name: "QR code of the coupon token" });
    await expect(couponCode).toBeVisible();
    const couponText = await customer.page.getByLabel("Coupon token").inputValue();

    // The shop's till: a tablet with a camera, signed in as the shop's owner.
    till = await openCameraDevice(baseURL ?? "", "till");
    const counter = till.page;
    await addVirtualAuthenticator(counter);
    await signUp(counter, uniqueHandle("tillown"), "Tom Till");
    const slug = await createShopWithProduct(counter, "Corner Café", "Espresso", "2.00");
    await counter.goto(`/merchant/${slug}/pos`);

    // Nothing to ask for yet: the till says so before opening the camera.
    await counter.getByRole("button", { name: "Scan the customer's coupon" }).click();
    await expect(counter.getByText("Enter an amount or tap products first.")).toBeVisible();

    await counter.getByRole("textbox", { name: /amount/i }).fill("4.50");
    await counter.getByRole("button", { name: "Scan the customer's coupon" }).click();
    await pointCameraAt(till.videoFile, couponCode);
    await customer.page.goto("/wallet");
    await counter.getByRole("button", { name: "Scan with camera" }).click();
    await expect(counter.getByText(`Waiting for ${customer.name} to confirm in their wallet`)).toBeVisible();

    // The customer's wallet shows the request without a reload, and they pay it with their passkey.
    const request = customer.page.getByTestId("payment-request");
    await expect(request).toContainText("Corner Café asks you to pay €4.50");
    await expect(request).toContainText(/expires in \d+ minutes?/);
    await expectNoSidewaysScroll(customer.page);
    await expectPageAccessible(customer.page);
    await request.getByRole("link", { name: "Review and pay" }).click();
    await expect(customer.page).toHaveURL(/\/pay\/pay_/);
    await customer.page.getByRole("button", { name: "Pay €4.50" }).click();

    // The till turns to Paid without a reload; the request leaves the customer's wallet.
    await expect(counter.getByText("Paid", { exact: true })).toBeVisible({ timeout: 15_000 });
    await customer.page.goto("/wallet");
    await expect(customer.page.getByTestId("payment-request")).toHaveCount(0);

    // The code shown before paying is out of date now (the coupon was split to pay); pasted, as when the camera
    // cannot be used, it is checked alike.
    await counter.goto(`/merchant/${slug}/pos`);
    await counter.getByRole("textbox", { name: /amount/i }).fill("1.00");
    await counter.getByRole("button", { name: "Scan the customer's coupon" }).click();
    await counter.getByLabel("Or paste the coupon's code").fill(couponText);
    await counter.getByRole("button", { name: "Continue" }).click();
    await expect(
      counter.getByText("This QR code is out of date: ask the customer to open the coupon again."),
    ).toBeVisible();
    expect(couponPath).toMatch(/^\/wallet\/coupons\/cpn_/);
    const ledger = runLedgerCheck();
    expect(ledger.status, ledger.output).toBe(0);
  } finally {
    await customer.context.close();
  }
});
