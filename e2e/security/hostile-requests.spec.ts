import { expect, type Request, test } from "@playwright/test";
import { addVirtualAuthenticator, signUp, uniqueHandle, withoutPasskeyAutofill } from "../support/webauthn";

test("[security] foreign origin: a server action posted from another site is a 403 and changes nothing", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await withoutPasskeyAutofill(page);
    await addVirtualAuthenticator(page);
    const handle = uniqueHandle("origin");
    await signUp(page, handle, "Otto Origin");
    // Capture the sign-out action's request without letting it through.
    let captured: Request | null = null;
    await page.route("**/*", async (route) => {
      const request = route.request();
      if (request.method() === "POST" && request.headers()["next-action"]) {
        captured = request;
        await route.abort();
      } else {
        await route.continue();
      }
    });
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => captured !== null).toBe(true);
    await page.unroute("**/*");
    const original = captured as unknown as Request;
    const headers = await original.allHeaders();
    for (const origin of ["https://evil.example", "null", "http://localhost.evil.example"]) {
      const response = await page.request.post(original.url(), {
        headers: {
          "next-action": headers["next-action"] ?? "",
          "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
          accept: "text/x-component",
          origin,
        },
        data: original.postData() ?? "[{}]",
      });
      expect(response.status(), origin).toBe(403);
    }
    // Still signed in: the refused action did not run.
    await page.goto("/wallet");
    await expect(page.getByText(`(@${handle})`)).toBeVisible();
  } finally {
    await context.close();
  }
});

test("[security] hostile text: NUL, other control characters and bidi overrides in a display name are a 400", async ({
  request,
}) => {
  for (const displayName of [
    "Eve\u0000",
    "Eve\u0007Bell",
    "Eve\u202Egnp.exe",
    "Eve\u2066x\u2069",
    "\u0085Eve",
  ]) {
    const response = await request.post("/api/auth/passkey/sign-up/options", {
      data: { handle: uniqueHandle("nul"), displayName },
    });
    expect(response.status(), JSON.stringify(displayName)).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.message).toMatch(/display name/i);
  }
  // Ordinary names in any script still pass.
  const fine = await request.post("/api/auth/passkey/sign-up/options", {
    data: { handle: uniqueHandle("ok"), displayName: "Zoë 山田 O'Brien-Ağa" },
  });
  expect(fine.status()).toBe(200);
});
