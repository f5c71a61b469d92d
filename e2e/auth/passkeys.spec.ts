import { expect, test } from "@playwright/test";
import {
  addVirtualAuthenticator,
  signIn,
  signInWithAutofill,
  signOut,
  signUp,
  uniqueHandle,
  usbSecurityKey,
} from "../support/webauthn";
import { passkeyItems, unlockFromSecurityPage } from "./security-helpers";

test("[auth] sign up: creates a wallet with a passkey and shows the signed-in, locked wallet", async ({
  page,
}) => {
  const authenticator = await addVirtualAuthenticator(page);
  const handle = uniqueHandle("signup");
  await signUp(page, handle, "Ada Lovelace");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Wallet");
  await expect(page.getByText("Signed in as")).toContainText("Ada Lovelace");
  await expect(page.getByText("Wallet locked")).toBeVisible();
  const credentials = await authenticator.credentials();
  expect(credentials).toHaveLength(1);
});

test("[auth] sign out then sign in with the button: returns to the wallet", async ({ page }) => {
  await addVirtualAuthenticator(page);
  const handle = uniqueHandle("button");
  await signUp(page, handle);
  await signOut(page);
  await page.goto("/wallet");
  await expect(page).toHaveURL(/\/signin\?next=%2Fwallet$/);
  await signIn(page);
  await expect(page.getByText(`(@${handle})`)).toBeVisible();
});

test("[auth] sign in with autofill: picking the passkey in the handle field signs in", async ({ page }) => {
  await addVirtualAuthenticator(page);
  const handle = uniqueHandle("autofill");
  await signUp(page, handle);
  await signOut(page);
  await signInWithAutofill(page);
  await expect(page.getByText(`(@${handle})`)).toBeVisible();
});

test("[auth] add a usb security key with PIN: signs in with it, and the original passkey can then be removed", async ({
  page,
}) => {
  const platform = await addVirtualAuthenticator(page);
  const handle = uniqueHandle("seckey");
  await signUp(page, handle);
  await page.goto("/wallet/settings/security");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Passkeys and sessions");
  await expect(page.getByRole("button", { name: /^Remove/ })).toBeDisabled();

  // Adding needs the wallet unlocked and the passkey already on the account to confirm first.
  await unlockFromSecurityPage(page);
  await page.getByLabel("Name (optional)").fill("Blue security key");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByText("Confirmed. Now create the new passkey.")).toBeVisible();
  // Then the platform authenticator stays silent; only the plugged-in security key answers.
  await platform.setPresence(false);
  const key = await addVirtualAuthenticator(page, usbSecurityKey, platform.cdp);
  await page.getByRole("button", { name: "Create the new passkey" }).click();
  await expect(page.getByText("Passkey added.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Blue security key" })).toBeVisible();
  expect(await key.credentials()).toHaveLength(1);

  await signOut(page);
  await platform.remove();
  await signIn(page);
  await expect(page.getByText(`(@${handle})`)).toBeVisible();

  await page.goto("/wallet/settings/security");
  const items = passkeyItems(page);
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: "Blue security key" })).not.toContainText("Last used: Never");
  await unlockFromSecurityPage(page);
  const original = items.filter({ hasText: "Passkey" }).filter({ hasNotText: "Blue security key" });
  await original.getByRole("button", { name: /^Remove/ }).click();
  await expect(original).toContainText("It will no longer sign in or confirm payments");
  await original.getByRole("button", { name: /^Confirm and remove/ }).click();
  await expect(page.getByText("Passkey removed.")).toBeVisible();
  await expect(items).toHaveCount(1);
  await expect(page.getByRole("button", { name: /^Remove/ })).toBeDisabled();

  // Still signed in: this session was signed in with the security key, which stays.
  await page.goto("/wallet");
  await expect(page.getByText(`(@${handle})`)).toBeVisible();
});

test("[auth] rename a passkey: the new name is shown", async ({ page }) => {
  await addVirtualAuthenticator(page);
  await signUp(page, uniqueHandle("rename"));
  await page.goto("/wallet/settings/security");
  await unlockFromSecurityPage(page);
  await page.getByRole("button", { name: /^Rename/ }).click();
  await page.getByLabel(/New name for/).fill("My laptop");
  await page.getByRole("button", { name: "Confirm and save name" }).click();
  await expect(page.getByRole("heading", { name: "My laptop" })).toBeVisible();
});
