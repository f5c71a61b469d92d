import { type CDPSession, expect, type Page, test } from "@playwright/test";

/** Options of Chromium's virtual authenticator (CDP `WebAuthn.addVirtualAuthenticator`). */
export interface VirtualAuthenticatorOptions {
  protocol?: "ctap2" | "u2f";
  transport?: "internal" | "usb" | "nfc" | "ble";
  hasResidentKey?: boolean;
  hasUserVerification?: boolean;
  isUserVerified?: boolean;
  automaticPresenceSimulation?: boolean;
  /** Whether it supports the WebAuthn PRF extension (the wallet terminal derives its device key from it). */
  hasPrf?: boolean;
}

export interface VirtualAuthenticator {
  cdp: CDPSession;
  authenticatorId: string;
  /** The credentials this authenticator holds. */
  credentials: () => Promise<{ credentialId: string; signCount: number; userHandle?: string }[]>;
  /** Whether the next ceremonies verify the user (PIN/biometric) — false simulates a failed verification. */
  setUserVerified: (verified: boolean) => Promise<void>;
  /** Whether it answers at all: false is a key left unplugged or a device not touched. */
  setPresence: (present: boolean) => Promise<void>;
  /** Copies this authenticator's credentials (private keys included) into `other`, as a synced passkey. */
  copyCredentialsTo: (other: VirtualAuthenticator) => Promise<void>;
  remove: () => Promise<void>;
}

/** A platform passkey (Touch ID, Windows Hello…): internal transport, resident keys, user verification. */
export const platformPasskey: VirtualAuthenticatorOptions = {
  protocol: "ctap2",
  transport: "internal",
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  automaticPresenceSimulation: true,
};

/** A platform passkey with PRF, as current platform authenticators have (the wallet terminal needs it). */
export const prfPasskey: VirtualAuthenticatorOptions = { ...platformPasskey, hasPrf: true };

/** A roaming security key with a PIN (the "IC card"): USB, resident keys, user verification. */
export const usbSecurityKey: VirtualAuthenticatorOptions = { ...platformPasskey, transport: "usb" };

/** Adds a virtual authenticator to `page`'s browser context (through a CDP session on the page). */
export async function addVirtualAuthenticator(
  page: Page,
  options: VirtualAuthenticatorOptions = platformPasskey,
  existingCdp?: CDPSession,
): Promise<VirtualAuthenticator> {
  const cdp = existingCdp ?? (await page.context().newCDPSession(page));
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: options.protocol ?? "ctap2",
      transport: options.transport ?? "internal",
      hasResidentKey: options.hasResidentKey ?? true,
      hasUserVerification: options.hasUserVerification ?? true,
      isUserVerified: options.isUserVerified ?? true,
      automaticPresenceSimulation: options.automaticPresenceSimulation ?? true,
      hasPrf: options.hasPrf ?? false,
    },
  });
  return {
    cdp,
    authenticatorId,
    credentials: async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials,
    setUserVerified: async (isUserVerified) => {
      await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified });
    },
    setPresence: async (enabled) => {
      await cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId, enabled });
    },
    copyCredentialsTo: async (other) => {
      const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
      for (const credential of credentials) {
        await other.cdp.send("WebAuthn.addCredential", {
          authenticatorId: other.authenticatorId,
          credential,
        });
      }
    },
    remove: async () => {
      await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });
    },
  };
}

/** A handle that is new in every run (3–30 characters). */
export function uniqueHandle(prefix = "e2e"): string {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.slice(0, 30);
}

/**
 * Reads the recovery codes shown once (after sign-up, or a new set), ticks "I have saved these codes" and
 * presses `done`; answers the codes.
 */
export async function acknowledgeRecoveryCodes(page: Page, done: string): Promise<string[]> {
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const texts = await codes.allTextContents();
  await page.getByLabel("I have saved these codes somewhere safe").check();
  await page.getByRole("button", { name: done }).click();
  return texts.map((text) => text.trim());
}

/**
 * Submits the sign-up form. The suite signs up far more people a minute from one address than anyone would, so
 * it can meet Scrip's real sign-up limit (20 a minute per address); then it does what a person would: waits the
 * time the page gives and tries again (the test's own time limit grows by that wait).
 */
export async function createWalletWithinSignUpLimit(page: Page): Promise<void> {
  const create = page.getByRole("button", { name: "Create wallet with a passkey" });
  const codes = page.getByRole("list", { name: "Recovery codes" });
  const limited = page.getByText(/^Too many attempts; try again in (\d+) seconds?\.$/);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await create.click();
    await expect(codes.or(limited)).toBeVisible();
    if (await codes.isVisible()) return;
    const seconds = Number((/in (\d+) second/.exec((await limited.textContent()) ?? "") ?? [])[1] ?? 60);
    test.info().setTimeout(test.info().timeout + (seconds + 5) * 1000);
    await page.waitForTimeout((seconds + 1) * 1000);
  }
}

/**
 * Signs up through the UI with whatever virtual authenticator the page has, acknowledges the recovery codes
 * and waits for the wallet.
 */
export async function signUp(
  page: Page,
  handle: string,
  displayName = `Person ${handle}`,
): Promise<string[]> {
  await page.goto("/signup");
  await page.getByLabel("Handle").fill(handle);
  await page.getByLabel("Display name").fill(displayName);
  await createWalletWithinSignUpLimit(page);
  const codes = await acknowledgeRecoveryCodes(page, "Open my wallet");
  await expect(page).toHaveURL(/\/wallet$/);
  await expect(page.getByText(`(@${handle})`)).toBeVisible();
  return codes;
}

/**
 * Makes this page's browser report no passkey autofill (conditional UI), like browsers without it, so only the
 * button can sign in. Chromium's virtual authenticators answer an autofill request at once, which would
 * otherwise race the button.
 */
export async function withoutPasskeyAutofill(page: Page): Promise<void> {
  await page.addInitScript(() => {
    if (window.PublicKeyCredential) {
      Object.defineProperty(window.PublicKeyCredential, "isConditionalMediationAvailable", {
        value: async () => false,
      });
    }
  });
}

/** Signs in with the "Sign in with a passkey" button (autofill turned off) and waits for `next`. */
export async function signIn(page: Page, next = "/wallet"): Promise<void> {
  await withoutPasskeyAutofill(page);
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/.?]/g, "\\$&")}$`));
}

/** Signs in through the handle field's passkey autofill (conditional UI), without pressing the button. */
export async function signInWithAutofill(page: Page, next = "/wallet"): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Handle").click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/.?]/g, "\\$&")}$`));
}

/** Signs out with the wallet's button. */
export async function signOut(page: Page): Promise<void> {
  await page.goto("/wallet");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
}
