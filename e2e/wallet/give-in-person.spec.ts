import { expect, test } from "@playwright/test";
import { type CameraDevice, openCameraDevice, pointCameraAt } from "../support/fake-camera";
import { expectNoSidewaysScroll, expectPageAccessible } from "../support/page-checks";
import { addVirtualAuthenticator, signUp, uniqueHandle } from "../support/webauthn";
import { newPerson, requestCoupon, runLedgerCheck } from "./wallet-helpers";

let device: CameraDevice | null = null;

test.afterEach(async () => {
  await device?.browser.close();
  device = null;
});

test("[wallet] give in person: the giver shows a one-time QR code, the receiver scans and claims it, the giver's screen follows", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const giver = await newPerson(browser, "inperson", "Gina Giver");
  try {
    await requestCoupon(giver.page, "12.00");
    await giver.page.getByRole("button", { name: "Give in person" }).click();
    const panel = giver.page.getByRole("region", { name: "Give in person" });
    const amount = panel.getByLabel("Amount to give");
    await expect(amount).toHaveValue("12.00");
    await amount.fill("5.00");
    await expect(
      panel.getByText("You give €5.00; €7.00 stays in your wallet as a new coupon."),
    ).toBeVisible();
    await panel.getByRole("button", { name: "Show the QR code (confirm with passkey)" }).click();
    const code = giver.page.getByRole("img", { name: "QR code to receive the gift" });
    await expect(code).toBeVisible();
    await expect(giver.page.getByText("Show this to the person receiving it")).toBeVisible();
    await expect(giver.page.getByText("Waiting for them to scan…")).toBeVisible();
    await expect(panel.getByText("€5.00", { exact: true })).toBeVisible();

    // The receiver's phone: its own browser whose camera sees the giver's screen.
    device = await openCameraDevice(baseURL ?? "", "receiver");
    const phone = device.page;
    await addVirtualAuthenticator(phone);
    await signUp(phone, uniqueHandle("receiver"), "Rita Receiver");
    await phone.goto("/wallet/scan");
    await pointCameraAt(device.videoFile, code);
    await phone.getByRole("button", { name: "Scan a QR code" }).click();
    await expect(phone).toHaveURL(/\/claim\/scc_/);
    await expect(phone.getByText("€5.00").first()).toBeVisible();
    await expect(phone.getByText(`From ${giver.name}`)).toBeVisible();
    await expect(phone.getByText("Verified by Scrip just now: a genuine coupon")).toBeVisible();
    await phone.getByRole("button", { name: "Claim with passkey" }).click();
    await expect(phone).toHaveURL(/\/wallet\/coupons\/cpn_/);

    // The giver's screen says who claimed it, without a reload.
    await expect(panel.getByText("Claimed by Rita Receiver.")).toBeVisible({ timeout: 15_000 });
    await expect(panel.getByRole("button", { name: "Cancel offer" })).toHaveCount(0);
    const ledger = runLedgerCheck();
    expect(ledger.status, ledger.output).toBe(0);
  } finally {
    await giver.context.close();
  }
});

test("[wallet] give in person: cancelling the offer while it waits keeps the coupon", async ({ browser }) => {
  const giver = await newPerson(browser, "cancelinp", "Carl Canceller");
  try {
    await giver.page.setViewportSize({ width: 360, height: 800 });
    await requestCoupon(giver.page, "3.00");
    await giver.page.getByRole("button", { name: "Give in person" }).click();
    await expectNoSidewaysScroll(giver.page);
    await giver.page.getByRole("button", { name: "Show the QR code (confirm with passkey)" }).click();
    await expect(giver.page.getByRole("img", { name: "QR code to receive the gift" })).toBeVisible();
    await expectNoSidewaysScroll(giver.page);
    await expectPageAccessible(giver.page);
    await giver.page
      .getByRole("region", { name: "Give in person" })
      .getByRole("button", { name: "Cancel offer" })
      .click();
    await expect(
      giver.page.getByText("You cancelled the offer. The coupon stays in your wallet."),
    ).toBeVisible();
    await giver.page.getByRole("button", { name: "Done" }).click();
    await expect(giver.page.getByRole("button", { name: "Give in person" })).toBeVisible();
  } finally {
    await giver.context.close();
  }
});
