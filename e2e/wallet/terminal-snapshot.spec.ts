import { expect, test } from "@playwright/test";
import { newPerson, requestCoupon } from "./wallet-helpers";

test("[wallet] terminal snapshot: GET /api/wallet/terminal serves the wallet's copy only while it is unlocked", async ({
  browser,
}) => {
  const a = await newPerson(browser, "terminal", "Tess Terminal");
  const stranger = await browser.newContext();
  try {
    const couponPath = await requestCoupon(a.page, "12.50");
    const couponId = couponPath.split("/").at(-1) as string;

    const anonymous = await stranger.request.get("/api/wallet/terminal");
    expect(anonymous.status()).toBe(401);

    const locked = await a.page.request.get("/api/wallet/terminal");
    expect(locked.status()).toBe(423);
    expect((await locked.json()).error.code).toBe("WALLET_LOCKED");
    expect(await locked.text()).not.toContain("scrip1.");

    await a.page.getByRole("button", { name: "Unlock wallet" }).click();
    await expect(a.page.getByRole("button", { name: "Show token and QR code" })).toBeVisible();
    const unlocked = await a.page.request.get("/api/wallet/terminal");
    expect(unlocked.status()).toBe(200);
    expect(unlocked.headers()["cache-control"]).toBe("no-store");
    expect(unlocked.headers()["x-content-type-options"]).toBe("nosniff");
    const { data } = await unlocked.json();
    expect(data).toMatchObject({ format: 1, truncated: false, incomingOffers: [], outgoingOffers: [] });
    expect(data.coupons).toEqual([
      expect.objectContaining({
        id: couponId,
        amountMinor: "1250",
        currency: "EUR",
        status: "active",
        token: expect.stringMatching(/^scrip1\./),
        compactToken: expect.stringMatching(/^SCRIP2\./),
        timeline: [expect.objectContaining({ kind: "issued", text: "Issued: by you" })],
      }),
    ]);
    // Both purposes are published (an admin spec may have rotated a key in this app already: retired keys stay).
    expect(new Set(data.jwks.keys.map((key: { purpose: string }) => key.purpose))).toEqual(
      new Set(["owner_attestation", "value"]),
    );
  } finally {
    await stranger.close();
    await a.context.close();
  }
});
