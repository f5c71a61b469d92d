import { expect, test } from "@playwright/test";
import { readQrImage } from "../support/decode-qr";
import { expectNoSidewaysScroll } from "../support/page-checks";
import { createClaimLink, newPerson, requestCoupon } from "./wallet-helpers";

/**
 * The largest QR version a coupon's code may use. Version 10 is 57 modules wide: drawn 20 rem wide with its quiet
 * zone that is about 5 CSS pixels a module, which a phone camera reads off another phone's screen at arm's length;
 * the long `scrip1.` token needs version 15 (77 modules, under 4 px each), which cameras struggle with. The short
 * `SCRIP2.` form fits version 10 at error correction L with room to spare (compact-token.test.ts).
 */
const maxQrVersion = 10;

test.use({ viewport: { width: 360, height: 780 } });

test("[wallet] QR code: a coupon's QR code decodes from its pixels to exactly the token the page shows, in a small symbol", async ({
  browser,
}) => {
  const a = await newPerson(browser, "qrcodea", "Quinn Reader");
  try {
    await requestCoupon(a.page, "7.25");
    await a.page.getByRole("button", { name: "Unlock wallet" }).click();
    await a.page.getByRole("button", { name: "Show token and QR code" }).click();
    const shown = await a.page.getByLabel("Coupon token").inputValue();
    expect(shown).toMatch(/^SCRIP2\.[A-Z2-7]+$/);

    const qr = a.page.getByRole("img", { name: "QR code of the coupon token" });
    await expect(qr).toBeVisible();
    const decoded = await readQrImage(qr);
    expect(decoded?.text).toBe(shown);
    expect(decoded?.version).toBeLessThanOrEqual(maxQrVersion);
    // It fits the 360 px screen: no sideways scrolling.
    await expectNoSidewaysScroll(a.page);

    // A claim link's QR code reads back as the link.
    await requestCoupon(a.page, "3");
    const link = await createClaimLinkText(a.page);
    const claimQr = await readQrImage(a.page.getByRole("img", { name: "QR code of the claim link" }));
    expect(claimQr?.text).toBe(link);
    expect(claimQr?.version).toBeLessThanOrEqual(maxQrVersion);
  } finally {
    await a.context.close();
  }
});

/** Creates a claim link on the open coupon page and returns the whole link as the page shows it. */
async function createClaimLinkText(page: import("@playwright/test").Page): Promise<string> {
  await createClaimLink(page);
  return page.getByRole("textbox", { name: "Claim link" }).inputValue();
}
