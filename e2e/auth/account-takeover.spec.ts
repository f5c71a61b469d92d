import { type BrowserContext, expect, test } from "@playwright/test";
import { expectNoSidewaysScroll } from "../support/page-checks";
import {
  addVirtualAuthenticator,
  signUp,
  uniqueHandle,
  usbSecurityKey,
  withoutPasskeyAutofill,
} from "../support/webauthn";
import { passkeyItems, securityEventItems, unlockFromSecurityPage } from "./security-helpers";

/** The session cookie of `from`, copied into `to`: what a thief holds after stealing it. */
async function stealSessionCookie(from: BrowserContext, to: BrowserContext): Promise<void> {
  const stolen = (await from.cookies()).filter((cookie) => cookie.name.includes("scrip.session"));
  expect(stolen).toHaveLength(1);
  await to.addCookies(stolen);
}

test("[auth] stolen session cookie: with the wallet locked it cannot add a passkey or remove the owner's, and the owner can do both after confirming", async ({
  browser,
}) => {
  const ownerContext = await browser.newContext();
  const thiefContext = await browser.newContext();
  try {
    const owner = await ownerContext.newPage();
    const phone = await addVirtualAuthenticator(owner);
    const handle = uniqueHandle("stolen");
    await signUp(owner, handle);

    // The owner adds a security key: the wallet unlocked, their phone confirms, then the key is created.
    await owner.goto("/wallet/settings/security");
    await unlockFromSecurityPage(owner);
    await owner.getByLabel("Name (optional)").fill("Blue key");
    await owner.getByRole("button", { name: "Add a passkey" }).click();
    await expect(owner.getByText("Confirmed. Now create the new passkey.")).toBeVisible();
    await phone.setPresence(false);
    const key = await addVirtualAuthenticator(owner, usbSecurityKey, phone.cdp);
    await owner.getByRole("button", { name: "Create the new passkey" }).click();
    await expect(owner.getByText("Passkey added.")).toBeVisible();
    await expect(passkeyItems(owner)).toHaveCount(2);
    // The owner locks the wallet again (as it does by itself after idle time).
    expect((await owner.request.post("/api/wallet/lock")).ok()).toBe(true);

    // The thief's browser: the owner's session cookie and a passkey of the thief's own.
    await stealSessionCookie(ownerContext, thiefContext);
    const thief = await thiefContext.newPage();
    await withoutPasskeyAutofill(thief);
    await addVirtualAuthenticator(thief);
    await thief.goto("/wallet/settings/security");
    await expect(thief.getByRole("heading", { level: 1 })).toHaveText("Passkeys and sessions");
    await expect(thief.getByRole("region", { name: "Wallet locked" })).toBeVisible();

    const lockedAlerts = thief.getByRole("alert").filter({ hasText: "Your wallet is locked" });
    await thief.getByRole("button", { name: "Add a passkey" }).click();
    await expect(lockedAlerts).toHaveCount(1);
    await expect(thief.getByRole("button", { name: "Create the new passkey" })).toHaveCount(0);

    const phonePasskey = passkeyItems(thief).filter({ hasNotText: "Blue key" });
    await phonePasskey.getByRole("button", { name: /^Remove/ }).click();
    await phonePasskey.getByRole("button", { name: /^Confirm and remove/ }).click();
    await expect(lockedAlerts).toHaveCount(2);

    await thief.reload();
    await expect(passkeyItems(thief)).toHaveCount(2);
    await expect(thief.getByRole("region", { name: "Wallet locked" })).toBeVisible();

    // The owner removes the security key after confirming with their phone (the key is unplugged).
    await key.setPresence(false);
    await phone.setPresence(true);
    await owner.reload();
    await unlockFromSecurityPage(owner);
    const blueKey = passkeyItems(owner).filter({ hasText: "Blue key" });
    await blueKey.getByRole("button", { name: /^Remove/ }).click();
    await blueKey.getByRole("button", { name: /^Confirm and remove/ }).click();
    await expect(owner.getByText("Passkey removed.")).toBeVisible();
    await expect(passkeyItems(owner)).toHaveCount(1);
    await expect(securityEventItems(owner).first()).toContainText("A passkey was removed: Blue key");
    await expect(securityEventItems(owner).nth(1)).toContainText("A passkey was added: Blue key");
  } finally {
    await ownerContext.close();
    await thiefContext.close();
  }
});

test("[auth] recovery code: a person who lost their passkey adds a new one and is signed in; the code then fails and the old session ended", async ({
  browser,
}) => {
  const oldContext = await browser.newContext();
  const newContext = await browser.newContext();
  try {
    const old = await oldContext.newPage();
    // The old page is live: once its session ends it moves to sign-in, where a virtual authenticator would
    // answer passkey autofill at once and sign the old device in again (a real browser asks the person first).
    await withoutPasskeyAutofill(old);
    await addVirtualAuthenticator(old);
    const handle = uniqueHandle("recover");
    const codes = await signUp(old, handle);
    expect(codes).toHaveLength(10);

    const page = await newContext.newPage();
    await withoutPasskeyAutofill(page);
    await addVirtualAuthenticator(page);
    await page.goto("/signin");
    await page.getByRole("link", { name: "Use a recovery code" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Recover your wallet");
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page);
    await page.getByLabel("Handle").fill(handle);
    await page.getByLabel("Recovery code").fill("WRONG-CODE0-00000-00000");
    await page.getByRole("button", { name: "Check the code and create a new passkey" }).click();
    const refused = page.getByRole("alert").filter({ hasText: "do not match, or the code was already used" });
    await expect(refused).toHaveCount(1);

    await page.getByLabel("Recovery code").fill(codes[0] ?? "");
    await page.getByRole("button", { name: "Check the code and create a new passkey" }).click();
    await expect(page).toHaveURL(/\/wallet\/settings\/security$/);
    await expect(passkeyItems(page)).toHaveCount(2);
    await expect(securityEventItems(page).first()).toContainText("A recovery code was used");
    // On a 390 px phone the security page (recovery codes and events included) has no sideways scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(securityEventItems(page).first()).toBeVisible();
    await expectNoSidewaysScroll(page);

    await old.goto("/wallet");
    await expect(old).toHaveURL(/\/signin\?next=%2Fwallet$/);

    const again = await browser.newContext();
    try {
      const retry = await again.newPage();
      await addVirtualAuthenticator(retry);
      await retry.goto("/recover");
      await retry.getByLabel("Handle").fill(handle);
      await retry.getByLabel("Recovery code").fill(codes[0] ?? "");
      await retry.getByRole("button", { name: "Check the code and create a new passkey" }).click();
      await expect(
        retry.getByRole("alert").filter({ hasText: "do not match, or the code was already used" }),
      ).toHaveCount(1);
    } finally {
      await again.close();
    }
  } finally {
    await oldContext.close();
    await newContext.close();
  }
});
