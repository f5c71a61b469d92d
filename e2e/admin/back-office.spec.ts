import { type Browser, expect, test } from "@playwright/test";
import { expectNoSidewaysScroll } from "../support/page-checks";
import { adminInvitePath, confirmAdminInvite } from "../support/running-app";
import {
  addVirtualAuthenticator,
  signIn,
  signUp,
  uniqueHandle,
  withoutPasskeyAutofill,
} from "../support/webauthn";
import { newPerson } from "../wallet/wallet-helpers";

test("[admin] back office: an invited admin approves an issuance, rotates a key and revokes a coupon; the consumer sees each result", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const consumer = await newPerson(browser, "bocons", "Cora Consumer");
  const adminContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const admin = await adminContext.newPage();
    await withoutPasskeyAutofill(admin);
    await addVirtualAuthenticator(admin);
    const adminHandle = uniqueHandle("boadm");
    await signUp(admin, adminHandle);

    // Not an admin yet: every /admin page says so, also one that is not the overview.
    await admin.goto("/admin/keys");
    await expect(admin.locator("main p[role=alert]")).toContainText("does not have the admin role");

    await admin.goto(adminInvitePath());
    await confirmAdminInvite(admin, adminHandle);
    await expect(admin.getByText(`Signed in as @${adminHandle}, admin.`)).toBeVisible();
    await expectNoSidewaysScroll(admin);

    // The consumer asks for more than the approval threshold: it waits for an admin.
    await consumer.page.goto("/wallet/request");
    await consumer.page.getByLabel("Amount").fill("300");
    await consumer.page.getByLabel("Currency").selectOption("EUR");
    await consumer.page.getByRole("button", { name: "Request with passkey" }).click();
    await expect(
      consumer.page.getByText("Awaiting approval: an administrator will look at this request."),
    ).toBeVisible();

    // The admin reaches the queue with the keyboard and approves with a passkey.
    await admin
      .getByRole("navigation", { name: "Back office" })
      .getByRole("link", { name: "Approvals" })
      .focus();
    await admin.keyboard.press("Enter");
    await expect(admin).toHaveURL(/\/admin\/approvals$/);
    const request = admin.getByRole("listitem", { name: `€300.00 for @${consumer.handle}` });
    await expect(request).toContainText("1 (0 issued, 0 rejected)");
    await request.getByLabel("Reason (required to reject)").fill("known customer");
    await request.getByRole("button", { name: "Approve with passkey" }).click();
    await expect(
      admin.getByText(`Approved: the coupon for €300.00 (@${consumer.handle}) is issued`),
    ).toBeVisible();
    await expectNoSidewaysScroll(admin);

    // The requested coupon is in the consumer's wallet now, issued after the approval.
    await consumer.page.goto("/wallet");
    const coupon = consumer.page.getByRole("link", { name: /^Coupon €300\.00, Ready to use/ });
    await expect(coupon).toBeVisible();
    await coupon.click();
    await expect(consumer.page).toHaveURL(/\/wallet\/coupons\/cpn_/);
    const couponPath = new URL(consumer.page.url()).pathname;
    const couponId = couponPath.split("/").at(-1) ?? "";
    await expect(consumer.page.locator("[data-event-kind=issued]")).toBeVisible();

    // Rotate the value key: JWKS lists the new key at once and keeps the old one.
    const before = (await (await admin.request.get("/.well-known/jwks.json")).json()) as {
      keys: { kid: string; purpose: string; status: string }[];
    };
    const oldKid = before.keys.find((key) => key.purpose === "value" && key.status === "active")?.kid;
    expect(oldKid).toBeTruthy();
    await admin.goto("/admin/keys");
    await admin.getByLabel("Reason for rotating the value key").fill("scheduled rotation");
    await admin.getByRole("button", { name: "Rotate value key with passkey" }).click();
    await expect(admin.getByText(/^Rotated: isk_.* is now the active value key/)).toBeVisible();
    const after = (await (await admin.request.get("/.well-known/jwks.json")).json()) as typeof before;
    const newKid = after.keys.find((key) => key.purpose === "value" && key.status === "active")?.kid;
    expect(newKid).toBeTruthy();
    expect(newKid).not.toBe(oldKid);
    expect(after.keys.find((key) => key.kid === oldKid)?.status).toBe("retired");
    await expect(
      admin.getByRole("list", { name: "value keys" }).locator("[data-key-status=retired]"),
    ).not.toHaveCount(0);
    await expectNoSidewaysScroll(admin);

    // Find the consumer's coupon by owner, check its verified history, and revoke it with a passkey.
    await admin.goto("/admin/coupons");
    await admin.getByLabel("Search by").selectOption("owner");
    await admin.getByLabel("Search for").fill(`@${consumer.handle}`);
    await admin.getByLabel("Search for").press("Enter");
    await admin.getByRole("link", { name: /€300\.00/ }).click();
    await expect(admin).toHaveURL(new RegExp(`/admin/coupons/${couponId}$`));
    await expect(admin.getByTestId("history-verification")).toHaveText(/^History verified/);
    await expect(admin.locator("[data-event-kind=issued]")).toContainText("Verified");
    await admin.getByLabel("Reason for revoking").fill("reported stolen");
    await admin.getByRole("button", { name: "Revoke with passkey" }).click();
    await expect(admin.getByText("Revoked. The coupon is out of circulation.")).toBeVisible();
    await expect(admin.locator("[data-event-kind=revoked]")).toContainText("Reason: reported stolen");
    await expect(admin.locator("[data-event-kind=revoked]")).toContainText("Verified");
    await expect(admin.getByTestId("history-verification")).toHaveText(/^History verified/);
    await expectNoSidewaysScroll(admin);

    // The consumer sees the coupon revoked, with the revocation in its timeline.
    await consumer.page.goto(couponPath);
    await expect(consumer.page.getByText("Revoked", { exact: true }).first()).toBeVisible();
    await expect(consumer.page.locator("[data-event-kind=revoked]")).toBeVisible();

    // Every one of those admin actions is in the audit log, with actor, target and reason.
    await admin.goto(`/admin/audit?actor=${encodeURIComponent(`@${adminHandle}`)}`);
    const log = admin.getByRole("table", { name: "Audit events" }); // rows are cards on a phone
    await expect(log).toContainText("issuance.approved");
    await expect(log).toContainText("issuer_key.rotated");
    await expect(log).toContainText("coupon.revoked");
    await expect(log).toContainText("reported stolen");
    await expectNoSidewaysScroll(admin);

    // A consumer gets none of it.
    await consumer.page.goto("/admin/approvals");
    await expect(consumer.page.locator("main p[role=alert]")).toContainText("does not have the admin role");
    await expect(consumer.page.getByText(`€300.00 for`)).toHaveCount(0);
  } finally {
    await adminContext.close();
    await consumer.context.close();
  }
});

/** A new person, made an admin through the invite link, on a phone-sized screen. */
async function newAdmin(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await withoutPasskeyAutofill(page);
  await addVirtualAuthenticator(page);
  const handle = uniqueHandle("boadm");
  await signUp(page, handle);
  await page.goto(adminInvitePath());
  await confirmAdminInvite(page, handle);
  return { context, page, handle };
}

test("[admin] parties: suspension ends the session at once, reinstating lets the person back in, and the credit limit applies", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const consumer = await newPerson(browser, "bopty", "Pat Party");
  const admin = await newAdmin(browser);
  try {
    // Suspend by handle from the overview, confirmed with the admin's passkey.
    await admin.page.getByLabel("Handle").fill(consumer.handle);
    await admin.page.getByLabel("Reason").fill("suspicious activity");
    await admin.page.getByRole("button", { name: "Suspend account" }).click();
    await expect(admin.page.getByText("Suspended; 1 session ended.")).toBeVisible();
    await consumer.page.goto("/wallet");
    await expect(consumer.page).toHaveURL(/\/signin\?next=%2Fwallet$/);

    // Find the person, see the suspension, and reinstate.
    await admin.page.goto(`/admin/parties?q=${consumer.handle}`);
    await admin.page.getByRole("link", { name: new RegExp(`@${consumer.handle}`) }).click();
    await expect(admin.page.getByTestId("party-status")).toHaveText("Suspended");
    await expectNoSidewaysScroll(admin.page);
    await admin.page.getByLabel("Reason", { exact: true }).fill("cleared by support");
    await admin.page.getByRole("button", { name: "Reinstate with passkey" }).click();
    await expect(
      admin.page.getByText("Reinstated: the account may act again (after signing in)."),
    ).toBeVisible();
    await expect(admin.page.getByTestId("party-status")).toHaveText("Active");

    // A lower credit limit, confirmed with a passkey, is what the person sees next.
    await admin.page.getByLabel("Currency").selectOption("EUR");
    await admin.page.getByLabel("Limit (empty: default)").fill("50");
    await admin.page.getByLabel("Reason for the change").fill("new customer");
    await admin.page.getByRole("button", { name: "Set credit limit with passkey" }).click();
    await expect(admin.page.getByText("Credit limit in EUR set to €50.00.")).toBeVisible();

    await signIn(consumer.page, "/wallet");
    await consumer.page.goto("/wallet/request");
    await expect(consumer.page.getByTestId("credit-left")).toHaveText("€50.00");

    // Both decisions are in the audit log for that party, with their reasons.
    await admin.page.goto("/admin/audit?action=party.");
    const log = admin.page.getByRole("table", { name: "Audit events" }); // rows are cards on a phone
    await expect(log).toContainText("party.suspended");
    await expect(log).toContainText("suspicious activity");
    await expect(log).toContainText("party.reinstated");
    await expect(log).toContainText("party.credit_limit_set");
    await expectNoSidewaysScroll(admin.page);
  } finally {
    await admin.context.close();
    await consumer.context.close();
  }
});
