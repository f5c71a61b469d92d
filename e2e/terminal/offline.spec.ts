import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { readQrImage } from "../support/decode-qr";
import { expectNoSidewaysScroll } from "../support/page-checks";
import {
  addVirtualAuthenticator,
  platformPasskey,
  signUp,
  uniqueHandle,
  withoutPasskeyAutofill,
} from "../support/webauthn";
import { requestCoupon } from "../wallet/wallet-helpers";

test.use({ viewport: { width: 360, height: 780 } });

/** A new person whose passkey has PRF (the terminal's key comes from it), signed up in their own context. */
async function newPrfPerson(
  browser: import("@playwright/test").Browser,
  name: string,
): Promise<{ context: BrowserContext; page: Page; handle: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(page, { ...platformPasskey, hasPrf: true });
  const handle = uniqueHandle("term");
  await signUp(page, handle, name);
  return { context, page, handle };
}

/** Opens the terminal from the wallet home and waits until the service worker controls the page. */
async function openTerminalControlled(page: Page): Promise<void> {
  await page.goto("/wallet");
  await page.getByRole("link", { name: "This device's copy" }).click();
  await expect(page).toHaveURL(/\/wallet\/terminal$/);
  await expect(page.getByRole("heading", { level: 1, name: "This device's copy" })).toBeVisible();
  // Installed and activated (precache done), then claimed: the next navigations go through the worker.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null))
    .toMatch(/\/serwist\/sw\.js$/);
}

/** Every URL the service worker's caches hold. */
function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
}

test("[terminal] installable: the manifest names Scrip, opens the wallet standalone, and its icons are served", async ({
  page,
  request,
}) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.ok()).toBe(true);
  const manifest = await response.json();
  expect(manifest).toMatchObject({
    name: "Scrip",
    start_url: "/wallet",
    display: "standalone",
    theme_color: "#0f7a4a",
  });
  const purposes = new Map<string, string>();
  for (const icon of manifest.icons as { src: string; sizes: string; purpose: string }[]) {
    const image = await request.get(icon.src);
    expect(image.ok(), icon.src).toBe(true);
    expect(image.headers()["content-type"]).toBe("image/png");
    purposes.set(`${icon.sizes} ${icon.purpose}`, icon.src);
  }
  expect([...purposes.keys()].sort()).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);

  await page.goto("/");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  const touchIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
  expect((await request.get(touchIcon ?? "/missing")).headers()["content-type"]).toBe("image/png");
});

test("[terminal] offline: the wallet's shell opens from the service worker, says it is offline, and nothing personal is cached", async ({
  browser,
}) => {
  const person = await newPrfPerson(browser, "Olive Offline");
  const { page, context, handle } = person;
  try {
    await requestCoupon(page, "12.50");
    await openTerminalControlled(page);

    // What the worker keeps: the app's static chunks, its icons and the offline page — no API answer, no
    // signed-in page; and the offline page it keeps was fetched without the session (nobody's name in it).
    const urls = await cachedUrls(page);
    expect(urls.some((url) => /\/_next\/static\/chunks\/.+\.js$/.test(url))).toBe(true);
    expect(urls.some((url) => /\/_next\/static\/chunks\/.+\.css$/.test(url))).toBe(true);
    for (const url of urls) {
      expect(new URL(url).pathname, url).toMatch(/^(\/_next\/static\/|\/icons\/|\/offline$)/);
    }
    const offlineHtml = await page.evaluate(async () => {
      const match = await caches.match("/offline", { ignoreSearch: true });
      return match ? match.text() : "";
    });
    expect(offlineHtml).toContain("This device");
    expect(offlineHtml).not.toContain(handle);
    expect(offlineHtml).not.toContain("Olive Offline");
    expect(offlineHtml).not.toContain('href="/wallet/notifications"');

    await context.setOffline(true);
    for (const path of ["/wallet/terminal", "/wallet"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: "This device's copy" })).toBeVisible();
      const banner = page.getByTestId("offline-banner");
      await expect(banner).toContainText("Offline");
      await expect(banner).toContainText(
        "Giving, accepting and paying need the network: they are not possible offline, and nothing is queued.",
      );
      await expectNoSidewaysScroll(page);
    }
    // An API call is never answered from a cache: offline it fails.
    const apiAnswered = await page.evaluate(() =>
      fetch("/api/wallet/terminal").then(
        () => true,
        () => false,
      ),
    );
    expect(apiAnswered).toBe(false);
  } finally {
    await context.close();
  }
});

test("[terminal] offline: unlocked with the passkey, the copy shows the coupon, its timeline and QR code, as of its sync", async ({
  browser,
}) => {
  const person = await newPrfPerson(browser, "Tess Terminal");
  const { page, context } = person;
  try {
    await requestCoupon(page, "12.50");
    await openTerminalControlled(page);
    await page.getByRole("button", { name: /^Unlock/ }).click();
    const coupon = page.getByTestId("terminal-coupon");
    await expect(coupon).toHaveCount(1);
    await expect(page.getByTestId("terminal-as-of")).toContainText("Up to date as of");
    await expect(page.getByTestId("terminal-balance-EUR")).toHaveText("€12.50");

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "This device's copy" })).toBeVisible();
    await page.getByRole("button", { name: /^Unlock/ }).click();
    await expect(page.getByTestId("offline-banner")).toContainText("Offline — showing your coupons as of");
    await expect(coupon).toHaveCount(1);
    await expect(coupon).toContainText("€12.50");
    await expect(page.getByTestId("terminal-balance-EUR")).toHaveText("€12.50");
    await expect(coupon.getByRole("listitem").first()).toBeVisible();
    await coupon.getByText("Show its QR code").click();
    const qr = coupon.getByRole("img", { name: "QR code of your €12.50 coupon" });
    await expect(qr).toBeVisible();
    expect((await readQrImage(qr))?.text).toMatch(/^(SCRIP2|scrip1)\./);
    await expect(page.getByRole("button", { name: "Refresh now" })).toHaveCount(0);
    await expectNoSidewaysScroll(page);
  } finally {
    await context.close();
  }
});
