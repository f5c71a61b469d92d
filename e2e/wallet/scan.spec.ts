import { expect, test } from "@playwright/test";
import QRCode from "qrcode";
import { type CameraDevice, openCameraDevice, writeCameraVideo } from "../support/fake-camera";
import { addVirtualAuthenticator, signUp, uniqueHandle } from "../support/webauthn";

let device: CameraDevice | null = null;

test.afterEach(async () => {
  await device?.browser.close();
  device = null;
});

async function phone(baseURL: string, name: string, allowCamera = true) {
  device = await openCameraDevice(baseURL, name, { allowCamera });
  await addVirtualAuthenticator(device.page);
  await signUp(device.page, uniqueHandle(name));
  await device.page.goto("/wallet/scan");
  return device;
}

test("the wallet reads a QR code from the camera and says what it is not", async ({ baseURL }) => {
  const { page, videoFile } = await phone(baseURL ?? "", "scanner");
  writeCameraVideo(videoFile, await QRCode.toBuffer("https://elsewhere.example/pay/anything", { margin: 4 }));
  await page.getByRole("button", { name: "Scan a QR code" }).click();
  await expect(page.getByText("This QR code leads to another website.")).toBeVisible();
  // Reading a code turns the camera off.
  await expect(page.getByRole("button", { name: "Scan a QR code" })).toBeVisible();
  expect(
    await page.getByTestId("scan-video").evaluate((video: HTMLVideoElement) => video.srcObject),
  ).toBeNull();
});

test("a refused camera is explained, and a typed code still works as a fallback", async ({ baseURL }) => {
  const { page } = await phone(baseURL ?? "", "refuser", false);
  await page.getByRole("button", { name: "Scan a QR code" }).click();
  await expect(page.getByText(/Scrip may not use the camera\. To scan, allow the camera/)).toBeVisible();
  const field = page.getByLabel("Or type the till's code, or paste a payment or gift link");
  await field.fill("hello");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("This is not a Scrip payment or gift code.")).toBeVisible();
  await field.fill("k7m-4qx");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText(/That code is not valid\./)).toBeVisible();
});
