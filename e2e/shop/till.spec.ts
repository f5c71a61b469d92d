import { expect, type Page, test } from "@playwright/test";
import { type CameraDevice, openCameraDevice, pointCameraAt } from "../support/fake-camera";
import { expectNoSidewaysScroll, expectPageAccessible } from "../support/page-checks";
import { addVirtualAuthenticator, signUp, uniqueHandle } from "../support/webauthn";
import { newPerson, type Person, requestCoupon, runLedgerCheck } from "../wallet/wallet-helpers";
import { createShopWithProduct } from "./shop-helpers";

let device: CameraDevice | null = null;
const people: Person[] = [];

test.afterEach(async () => {
  await device?.browser.close();
  device = null;
  for (const person of people.splice(0)) await person.context.close();
});

/** A customer's phone with a camera, signed up, holding one coupon of `amount`. */
async function customerWithCamera(baseURL: string, amount: string): Promise<CameraDevice> {
  device = await openCameraDevice(baseURL, "customer");
  await addVirtualAuthenticator(device.page);
  await signUp(device.page, uniqueHandle("cust"), "Cleo Customer");
  await requestCoupon(device.page, amount);
  return device;
}

/** The page passes axe and fits a 360 px phone without sideways scrolling. */
async function expectFitsAPhone(page: Page) {
  await expectPageAccessible(page);
  await expectNoSidewaysScroll(page);
}

/** The till page of `slug`, marked so a test can tell it was never reloaded. */
async function openTill(page: Page, slug: string) {
  await page.goto(`/merchant/${slug}/pos`);
  await expect(page.getByRole("heading", { name: "Till", exact: true })).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { tillNotReloaded: boolean }).tillNotReloaded = true;
  });
}

const notReloaded = (page: Page) =>
  page.evaluate(() => (window as unknown as { tillNotReloaded?: boolean }).tillNotReloaded === true);

test("[till] the owner asks for €4.50, the customer scans the till's QR code and pays; the till shows Paid live", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const owner = await newPerson(browser, "till", "Tess Till");
  people.push(owner);
  const slug = await createShopWithProduct(owner.page, `Tess's Kiosk ${owner.handle}`, "Rye loaf", "5");
  const customer = await customerWithCamera(baseURL ?? "", "10");

  await openTill(owner.page, slug);
  await owner.page.getByLabel("Type an amount in EUR").fill("4.50");
  await owner.page.getByRole("button", { name: "Ask for payment" }).click();
  const qr = owner.page.getByRole("img", { name: "Payment QR code for €4.50" });
  await expect(qr).toBeVisible();
  await expect(owner.page.getByTestId("till-code")).toHaveText(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  await expect(owner.page.getByText(/\d:\d\d left/)).toBeVisible();

  await customer.page.goto("/wallet/scan");
  await pointCameraAt(customer.videoFile, qr);
  await customer.page.getByRole("button", { name: "Scan a QR code" }).click();
  await expect(customer.page).toHaveURL(/\/pay\/pay_/);
  await expect(customer.page.getByRole("heading", { name: `Tess's Kiosk ${owner.handle}` })).toBeVisible();
  await expect(customer.page.getByTestId("pay-amount")).toHaveText("€4.50");
  await expect(customer.page.getByTestId("pay-split")).toHaveText(
    "Your €10.00 coupon is split: €4.50 of it pays and €5.50 stays in your wallet as change.",
  );
  await customer.page.getByRole("button", { name: "Pay €4.50" }).click();
  await expect(customer.page.getByTestId("pay-state")).toHaveText("Paid");
  await expect(customer.page.getByRole("link", { name: "See the receipt" })).toHaveAttribute(
    "href",
    /^\/wallet\/orders\/ord_/,
  );

  await expect(owner.page.getByTestId("till-state")).toHaveText("Paid");
  await expect(owner.page.getByTestId("till-receipt")).toContainText("Paid with 1 coupon");
  await expect(owner.page.getByTestId("till-receipt")).toContainText("taken by Tess Till");
  expect(await notReloaded(owner.page)).toBe(true);
  await owner.page.getByRole("button", { name: "Next customer" }).click();
  await expect(owner.page.getByLabel("Type an amount in EUR")).toHaveValue("");

  await owner.page.goto(`/merchant/${slug}/orders`);
  await expect(
    owner.page.getByRole("link", { name: /€4\.50.*At the till · taken by Tess Till/ }),
  ).toBeVisible();

  const check = runLedgerCheck();
  expect(check.status, check.output).toBe(0);
});

test("[till] products tapped at the till, the customer types the code; then a request the till cancels", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const owner = await newPerson(browser, "tilp", "Paul Products");
  const customer = await newPerson(browser, "tilc", "Cara Coder");
  people.push(owner, customer);
  const slug = await createShopWithProduct(owner.page, `Paul's Bakery ${owner.handle}`, "Rye loaf", "2.50");
  await requestCoupon(customer.page, "5");
  await owner.page.setViewportSize({ width: 360, height: 780 });
  await customer.page.setViewportSize({ width: 360, height: 780 });

  await openTill(owner.page, slug);
  await owner.page.getByRole("button", { name: /^Add Rye loaf/ }).click();
  await owner.page.getByRole("button", { name: /^Add Rye loaf/ }).click();
  await expect(owner.page.getByTestId("till-total")).toHaveText("Total €5.00");
  await expectFitsAPhone(owner.page);
  await owner.page.getByRole("button", { name: "Ask for payment" }).click();
  const code = (await owner.page.getByTestId("till-code").textContent()) ?? "";
  await expect(owner.page.getByRole("img", { name: "Payment QR code for €5.00" })).toBeVisible();
  await expectFitsAPhone(owner.page);

  await customer.page.goto("/wallet/scan");
  await customer.page.getByLabel("Or type the till's code, or paste a payment or gift link").fill(code);
  await customer.page.getByRole("button", { name: "Continue" }).click();
  await expect(customer.page).toHaveURL(/\/pay\/pay_/);
  await expect(customer.page.getByRole("list", { name: "What you pay for" })).toContainText("2 × Rye loaf");
  await expectFitsAPhone(customer.page);
  await customer.page.getByRole("button", { name: "Pay €5.00" }).click();
  await expect(customer.page.getByTestId("pay-state")).toHaveText("Paid");

  await expect(owner.page.getByTestId("till-state")).toHaveText("Paid");
  await expect(owner.page.getByRole("list", { name: "Items" })).toContainText("2 × Rye loaf");
  await expectFitsAPhone(owner.page);
  expect(await notReloaded(owner.page)).toBe(true);
  await owner.page.getByRole("button", { name: "Next customer" }).click();

  // The next customer opens the request, and the till cancels it: both screens say so.
  await owner.page.getByLabel("Type an amount in EUR").fill("1");
  await owner.page.getByRole("button", { name: "Ask for payment" }).click();
  const next = (await owner.page.getByTestId("till-code").textContent()) ?? "";
  await customer.page.goto("/wallet/scan");
  await customer.page.getByLabel("Or type the till's code, or paste a payment or gift link").fill(next);
  await customer.page.getByRole("button", { name: "Continue" }).click();
  await expect(customer.page.getByTestId("pay-amount")).toHaveText("€1.00");
  await owner.page.getByRole("button", { name: "Cancel" }).click();
  await expect(owner.page.getByTestId("till-state")).toHaveText("Cancelled");
  await expect(customer.page.getByTestId("pay-state")).toHaveText("The shop cancelled this payment request.");
  await owner.page.getByRole("button", { name: "Start again" }).click();
  await expect(owner.page.getByRole("button", { name: "Ask for payment" })).toBeDisabled();

  await owner.page.goto(`/merchant/${slug}/orders`);
  await owner.page.getByRole("link", { name: /€5\.00.*At the till · taken by Paul Products/ }).click();
  await expect(owner.page.getByText(/At the till · taken by Paul Products/)).toBeVisible();
  await expect(owner.page.getByRole("table", { name: "Items" })).toContainText("Rye loaf");

  const check = runLedgerCheck();
  expect(check.status, check.output).toBe(0);
});
