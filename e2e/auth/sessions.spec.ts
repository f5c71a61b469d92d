import { expect, test } from "@playwright/test";
import { addVirtualAuthenticator, signIn, signUp, uniqueHandle } from "../support/webauthn";
import { unlockFromSecurityPage } from "./security-helpers";

test("[auth] sign out everywhere: ends the session of a second browser too", async ({ browser }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  try {
    const pageA = await first.newPage();
    const phone = await addVirtualAuthenticator(pageA);
    const handle = uniqueHandle("everywhere");
    await signUp(pageA, handle);

    // The same (synced) passkey on a second device signs in there too.
    const pageB = await second.newPage();
    const laptop = await addVirtualAuthenticator(pageB);
    await phone.copyCredentialsTo(laptop);
    await signIn(pageB);
    await expect(pageB.getByText(`(@${handle})`)).toBeVisible();

    // The laptop's copy of the passkey signed last (the copies keep separate signature counters), so it confirms.
    await pageB.goto("/wallet/settings/security");
    await unlockFromSecurityPage(pageB);
    await pageB.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(pageB).toHaveURL(/\/signin/);

    await pageA.goto("/wallet");
    await expect(pageA).toHaveURL(/\/signin\?next=%2Fwallet$/);
    await pageA.goto("/wallet/settings/security");
    await expect(pageA).toHaveURL(/\/signin\?next=/);
  } finally {
    await first.close();
    await second.close();
  }
});

test("[auth] wallet lock: unlock with the passkey shows hidden content, Lock now hides it again", async ({
  page,
}) => {
  await addVirtualAuthenticator(page);
  await signUp(page, uniqueHandle("lock"));
  await expect(page.getByText("Wallet locked")).toBeVisible();
  await expect(page.getByText("Your coupon tokens and QR codes will appear here.")).toHaveCount(0);
  await page.getByRole("button", { name: "Unlock wallet" }).click();
  await expect(page.getByText("Your coupon tokens and QR codes will appear here.")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Your coupon tokens and QR codes will appear here.")).toBeVisible();
  await page.getByRole("button", { name: "Lock now" }).click();
  await expect(page.getByText("Wallet locked")).toBeVisible();
  await expect(page.getByText("Your coupon tokens and QR codes will appear here.")).toHaveCount(0);
});

test("[auth] wallet unlock without user verification: refused, the wallet stays locked", async ({ page }) => {
  const authenticator = await addVirtualAuthenticator(page);
  await signUp(page, uniqueHandle("nouv"));
  await authenticator.setUserVerified(false);
  await page.getByRole("button", { name: "Unlock wallet" }).click();
  await expect(page.locator("p[role=alert]")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Wallet locked")).toBeVisible();
});

test("[auth] replayed sign-in assertion: refused with 401, no second session", async ({ page }) => {
  await addVirtualAuthenticator(page);
  await signUp(page, uniqueHandle("replay"));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  const captured: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/api/auth/passkey/sign-in/verify")) captured.push(request.postData() ?? "");
  });
  await signIn(page);
  expect(captured).toHaveLength(1);
  const replay = await page.request.post("/api/auth/passkey/sign-in/verify", {
    data: captured[0],
    headers: { "Content-Type": "application/json" },
  });
  expect(replay.status()).toBe(401);
  expect((await replay.json()).error.code).toBe("PASSKEY_INVALID");
});

test("[auth] protected endpoints without a session: 401 JSON, and pages redirect to sign in", async ({
  page,
  request,
}) => {
  const lock = await request.post("/api/wallet/lock", { data: {} });
  expect(lock.status()).toBe(401);
  expect(await lock.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
  const api = await request.get("/api/v1/shop");
  expect(api.status()).toBe(401);
  expect((await api.json()).error.code).toBe("UNAUTHENTICATED");
  const forged = await request.post("/api/wallet/lock", {
    data: {},
    headers: { Cookie: "scrip.session=forged.token.value" },
  });
  expect(forged.status()).toBe(401);
  await page.goto("/wallet/settings/security");
  await expect(page).toHaveURL(/\/signin\?next=%2Fwallet%2Fsettings%2Fsecurity$/);
});

test("[auth] replayed wallet-unlock step-up: refused, the wallet stays locked", async ({ page }) => {
  await addVirtualAuthenticator(page);
  await signUp(page, uniqueHandle("stepreplay"));
  // Capture the unlock action's request (the one that carries the passkey assertion).
  let captured: { url: string; headers: Record<string, string>; body: string } | undefined;
  page.on("request", (request) => {
    const body = request.postData() ?? "";
    if (request.method() === "POST" && request.headers()["next-action"] && body.includes("clientDataJSON")) {
      captured = { url: request.url(), headers: request.headers(), body };
    }
  });
  await page.getByRole("button", { name: "Unlock wallet" }).click();
  await expect(page.getByText("Your coupon tokens and QR codes will appear here.")).toBeVisible();
  await page.getByRole("button", { name: "Lock now" }).click();
  await expect(page.getByText("Wallet locked")).toBeVisible();
  expect(captured).toBeDefined();

  const replay = await page.request.post(captured?.url ?? "/wallet", {
    headers: {
      "next-action": captured?.headers["next-action"] ?? "",
      "content-type": captured?.headers["content-type"] ?? "text/plain;charset=UTF-8",
      accept: "text/x-component",
    },
    data: captured?.body,
  });
  expect(await replay.text()).toContain("STEP_UP_INVALID");
  await page.reload();
  await expect(page.getByText("Wallet locked")).toBeVisible();
  await expect(page.getByText("Your coupon tokens and QR codes will appear here.")).toHaveCount(0);
});
