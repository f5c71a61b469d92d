import { spawnSync } from "node:child_process";
import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import { runningDataDir } from "../support/running-app";
import { addVirtualAuthenticator, signUp, uniqueHandle, withoutPasskeyAutofill } from "../support/webauthn";

export interface Person {
  context: BrowserContext;
  page: Page;
  handle: string;
  name: string;
}

/** A new person in their own browser context, with their own passkey, signed in to a new wallet. */
export async function newPerson(browser: Browser, prefix: string, name: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(page);
  const handle = uniqueHandle(prefix);
  await signUp(page, handle, name);
  return { context, page, handle, name };
}

/** Requests a coupon through /wallet/request, opens it, and returns its page path. */
export async function requestCoupon(page: Page, amount: string, currency = "EUR"): Promise<string> {
  await page.goto("/wallet/request");
  await page.getByLabel("Amount").fill(amount);
  await page.getByLabel("Currency").selectOption(currency);
  await page.getByRole("button", { name: "Request with passkey" }).click();
  await expect(page.getByText("Coupon issued. It is in your wallet now.")).toBeVisible();
  await page.getByRole("link", { name: "Open the new coupon" }).click();
  await expect(page).toHaveURL(/\/wallet\/coupons\/cpn_/);
  return new URL(page.url()).pathname;
}

/** On a coupon page: looks up `handle`, checks the display name shown, and offers the coupon with a passkey. */
export async function giveByHandle(page: Page, recipient: Person, validity?: string): Promise<void> {
  if (validity) await page.getByLabel("Offer open for").selectOption({ label: validity });
  await page.getByLabel("Recipient's handle").fill(recipient.handle);
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByText(`Give to ${recipient.name} (@${recipient.handle})?`)).toBeVisible();
  await page.getByRole("button", { name: `Give to ${recipient.name} with passkey` }).click();
  await expect(page.getByText("Offered. Waiting for an answer.")).toBeVisible();
  await expect(page.getByText("Waiting for an answer… this page updates by itself.")).toBeVisible();
}

/** On a coupon page: creates a one-time claim link with a passkey and returns its path (/claim/…). */
export async function createClaimLink(page: Page): Promise<string> {
  await page.getByLabel("As a claim link").check();
  await page.getByRole("button", { name: "Create claim link with passkey" }).click();
  await expect(page.getByText("Claim link created.")).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code of the claim link" })).toBeVisible();
  const link = await page.getByRole("textbox", { name: "Claim link" }).inputValue();
  return new URL(link).pathname;
}

/** Accepts the (only) offer on the wallet home, verifying it first, and lands on the coupon page. */
export async function verifyAndAccept(page: Page, fromName: string): Promise<void> {
  await page.goto("/wallet");
  const offer = page.getByRole("listitem", { name: new RegExp(`from ${fromName}$`) });
  await offer.getByRole("button", { name: "Verify" }).click();
  await expect(offer.getByText("Verified: a genuine coupon, and this offer is open for you.")).toBeVisible();
  await offer.getByRole("button", { name: "Accept" }).click();
  await expect(page).toHaveURL(/\/wallet\/coupons\/cpn_/);
}

/** Runs `npm run ledger:check` against the running app's database; returns its exit code and output. */
export function runLedgerCheck(): { status: number | null; output: string } {
  const result = spawnSync("npm", ["run", "--silent", "ledger:check"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: "", SCRIP_DATA_DIR: runningDataDir() },
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}
