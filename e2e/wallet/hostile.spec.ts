import { expect, type Request, test } from "@playwright/test";
import { createClaimLink, newPerson, requestCoupon } from "./wallet-helpers";

test("[wallet] hostile: B cannot open A's coupon page by id (404)", async ({ browser }) => {
  const a = await newPerson(browser, "ownera", "Olga Owner");
  const b = await newPerson(browser, "snoopb", "Sid Snoop");
  try {
    const couponPath = await requestCoupon(a.page, "8");
    const response = await b.page.goto(couponPath);
    expect(response?.status()).toBe(404);
    await expect(b.page.getByText("€8.00")).toHaveCount(0);
    const status = await b.page.request.post("/api/wallet/coupon-status", {
      data: { couponId: couponPath.split("/").at(-1) },
    });
    expect(status.status()).toBe(404);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("[wallet] hostile: replaying A's passkey step-up is refused, for A and for B", async ({ browser }) => {
  const a = await newPerson(browser, "replaya", "Rita Replayed");
  const b = await newPerson(browser, "replayb", "Rob Replayer");
  try {
    // Capture the server-action request that carried A's signed step-up for requesting a coupon.
    let captured: Request | null = null;
    a.page.on("request", (request) => {
      if (
        request.method() === "POST" &&
        request.headers()["next-action"] &&
        request.postData()?.includes('"stepUp"')
      ) {
        captured = request;
      }
    });
    await requestCoupon(a.page, "6.50");
    expect(captured).not.toBeNull();
    const original = captured as unknown as Request;
    const headers = await original.allHeaders();
    const replay = {
      headers: {
        "next-action": headers["next-action"] ?? "",
        "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin: headers.origin ?? "",
      },
      data: original.postData() ?? "",
    };
    for (const who of [a, b]) {
      const response = await who.page.request.post(original.url(), replay);
      const text = await response.text();
      expect(text).toContain('"ok":false');
      expect(text).not.toContain('"ok":true');
      expect(text).toMatch(/STEP_UP_INVALID|CONFLICT/);
    }
    // Still exactly one coupon in A's wallet, none in B's.
    await a.page.goto("/wallet");
    await expect(a.page.getByRole("link", { name: /^Coupon €6\.50/ })).toHaveCount(1);
    await b.page.goto("/wallet");
    await expect(b.page.getByText("Your wallet is empty")).toBeVisible();
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("[wallet] hostile: a tampered claim link code is refused", async ({ browser }) => {
  const a = await newPerson(browser, "tampera", "Tess Linker");
  const b = await newPerson(browser, "tamperb", "Tom Tamper");
  try {
    await requestCoupon(a.page, "2.50");
    const claimPath = await createClaimLink(a.page);
    const code = claimPath.split("/").at(-1) ?? "";
    const last = code.at(-1) === "A" ? "B" : "A";
    for (const tampered of [`${code.slice(0, -1)}${last}`, `${code}x`, code.replace("scc_", "scc-")]) {
      await b.page.goto(`/claim/${tampered}`);
      await expect(b.page.locator("main").getByRole("alert")).toHaveText("This claim code is not valid.");
      await expect(b.page.getByRole("button", { name: "Claim with passkey" })).toHaveCount(0);
    }
    // The genuine link still works and is untouched by the attempts.
    await b.page.goto(claimPath);
    await expect(b.page.getByText("Verified by Scrip just now: a genuine coupon")).toBeVisible();
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
