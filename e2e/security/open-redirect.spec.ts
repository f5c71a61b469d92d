import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import {
  acknowledgeRecoveryCodes,
  addVirtualAuthenticator,
  createWalletWithinSignUpLimit,
  signOut,
  signUp,
  uniqueHandle,
  withoutPasskeyAutofill,
} from "../support/webauthn";

/**
 * `next` values that browsers resolve to another origin: URL parsers drop tab, LF and CR, so `/\t/evil.com`
 * becomes the protocol-relative `//evil.com`; a backslash reads as a slash; `/./` collapses.
 */
const hostileNext = [
  "/%09/evil.example",
  "/%0A/evil.example",
  "/%0D/evil.example",
  "/%5C/evil.example",
  "/%5C%5Cevil.example",
  "/.//evil.example",
  "/%2F%2Fevil.example",
  "https://evil.example/",
  "//evil.example",
  "/\t/evil.example",
];

/**
 * Answers every request to the attacker's host with a page, so landing there is visible instead of a DNS error.
 * It matches the host only: Scrip's own URLs carry "evil.example" in their query.
 */
async function catchEvilHost(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => url.hostname.endsWith("evil.example"),
    (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" }),
  );
}

/** Waits until the page has left the sign-in form, for Scrip's wallet or the attacker's host, and checks which. */
async function expectOnScrip(page: Page, baseURL: string | undefined) {
  await page.waitForURL((url) => url.pathname === "/wallet" || url.hostname.endsWith("evil.example"));
  const url = new URL(page.url());
  expect(url.origin).toBe(new URL(baseURL ?? "").origin);
  expect(url.pathname).toBe("/wallet");
}

test("[security] sign-in redirect: a hostile next (tab, newline, backslash, //) lands on Scrip's own wallet", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await catchEvilHost(context);
    await withoutPasskeyAutofill(page);
    await addVirtualAuthenticator(page);
    await signUp(page, uniqueHandle("redir"), "Rhea Redirect");
    for (const next of ["/%09/evil.example", "/%0A/evil.example", "/%5C/evil.example", "/.//evil.example"]) {
      await signOut(page);
      await page.goto(`/signin?next=${next}`);
      await page.getByRole("button", { name: "Sign in with a passkey" }).click();
      await expectOnScrip(page, baseURL);
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    }
  } finally {
    await context.close();
  }
});

test("[security] sign-up redirect: next=/%09/evil.example lands on the new wallet on Scrip", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await catchEvilHost(context);
    await withoutPasskeyAutofill(page);
    await addVirtualAuthenticator(page);
    const handle = uniqueHandle("redirup");
    await page.goto("/signup?next=/%09/evil.example");
    await page.getByLabel("Handle").fill(handle);
    await page.getByLabel("Display name").fill("Ulla Up");
    await createWalletWithinSignUpLimit(page);
    // The recovery codes come first; acknowledging them follows the same `next`.
    await acknowledgeRecoveryCodes(page, "Open my wallet");
    await expectOnScrip(page, baseURL);
    await expect(page.getByText(`(@${handle})`)).toBeVisible();
  } finally {
    await context.close();
  }
});

test("[security] signed-in redirect: /signin and /signup answer a same-origin Location without control characters, never a 500", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await withoutPasskeyAutofill(page);
    await addVirtualAuthenticator(page);
    await signUp(page, uniqueHandle("redirloc"), "Lou Location");
    const origin = new URL(baseURL ?? "").origin;
    for (const path of ["/signin", "/signup"]) {
      for (const next of [...hostileNext, "/wallet/settings&next=//evil.example"]) {
        const response = await page.request.get(`${path}?next=${next}`, { maxRedirects: 0 });
        expect(response.status(), `${path}?next=${next}`).toBeGreaterThanOrEqual(300);
        expect(response.status(), `${path}?next=${next}`).toBeLessThan(400);
        const location = response.headers().location ?? "";
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
        expect(location, `${path}?next=${next}`).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        expect(new URL(location, origin).origin, `${path}?next=${next}`).toBe(origin);
        expect(location).not.toMatch(/^\/\//);
      }
      // A repeated next (an array to the page) is not a crash either.
      const twice = await page.request.get(`${path}?next=/a&next=/b`, { maxRedirects: 0 });
      expect(twice.status()).toBeLessThan(400);
    }
    // A harmless next still works.
    const fine = await page.request.get("/signin?next=/wallet/request", { maxRedirects: 0 });
    expect(new URL(fine.headers().location ?? "", origin).pathname).toBe("/wallet/request");
  } finally {
    await context.close();
  }
});

test("[security] anonymous redirect: /signin and /signup with hostile next render the form (no 500)", async ({
  request,
}) => {
  for (const path of ["/signin", "/signup"]) {
    for (const next of [...hostileNext, "/a&next=/b"]) {
      const response = await request.get(`${path}?next=${next}`, { maxRedirects: 0 });
      expect(response.status(), `${path}?next=${next}`).toBe(200);
      // The form's link to the other form carries the safe next, not the hostile one.
      const other = path === "/signin" ? "/signup" : "/signin";
      expect(await response.text(), `${path}?next=${next}`).toContain(`href="${other}?next=%2Fwallet"`);
    }
  }
});
