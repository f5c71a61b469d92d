import { expect, type Page } from "@playwright/test";

/** Unlocks the wallet from the security page's "Your wallet is locked" notice (the passkey present answers). */
export async function unlockFromSecurityPage(page: Page): Promise<void> {
  const notice = page.getByRole("region", { name: "Wallet locked" });
  await notice.getByRole("button", { name: "Unlock wallet" }).click();
  await expect(notice).toHaveCount(0);
}

/** The passkey cards of the security page. */
export const passkeyItems = (page: Page) =>
  page.getByRole("list", { name: "Your passkeys" }).getByRole("listitem");

/** The security events listed on the security page. */
export const securityEventItems = (page: Page) =>
  page.getByRole("list", { name: "Security events" }).getByRole("listitem");
