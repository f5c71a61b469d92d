import { type Browser, expect, type Page } from "@playwright/test";
import { expectNoSidewaysScroll, expectPageAccessible, sweepScreenshot } from "../support/page-checks";
import { addVirtualAuthenticator, signUp, uniqueHandle, withoutPasskeyAutofill } from "../support/webauthn";
import type { Person } from "../wallet/wallet-helpers";

/** The narrow phone every page must fit, and a desktop width where tables show as tables. */
export const phone = { width: 360, height: 780 };
const desktop = { width: 1280, height: 900 };

/** Every page the sweep checked, to report how many routes it covered. */
export const visited: string[] = [];

/** A new person signed in on a 360 px wide screen (the wallet helpers' `newPerson`, on a phone). */
export async function newPhonePerson(browser: Browser, prefix: string, name: string): Promise<Person> {
  const context = await browser.newContext({ viewport: phone });
  const page = await context.newPage();
  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(page);
  const handle = uniqueHandle(prefix);
  await signUp(page, handle, name);
  return { context, page, handle, name };
}

/**
 * Checks the page as it is now: no serious/critical axe violation at phone width and at desktop width (the
 * desktop layout of a table is other markup), no sideways scroll at 360 px, and screenshots at both widths with
 * SWEEP_SHOTS=1.
 * Failures are soft, so one run lists every page's problems.
 */
export async function checkCurrentPage(page: Page, name: string): Promise<void> {
  await expect(page.locator("h1").first()).toBeVisible();
  await page.setViewportSize(phone);
  await expectNoSidewaysScroll(page, { soft: true });
  await expectPageAccessible(page, { soft: true });
  await sweepScreenshot(page, name);
  await page.setViewportSize(desktop);
  await expectPageAccessible(page, { soft: true });
  await sweepScreenshot(page, `${name}-wide`);
  await page.setViewportSize(phone);
  visited.push(name);
}

/** Opens `path` and checks it (see checkCurrentPage); `status` is the HTTP status expected. */
export async function visit(page: Page, path: string, name: string, status = 200): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `${path} answers ${status}`).toBe(status);
  await checkCurrentPage(page, name);
}
