import { expect, test } from "@playwright/test";
import { adminInvitePath, confirmAdminInvite } from "../support/running-app";
import {
  giveByHandle,
  newPerson,
  requestCoupon,
  runLedgerCheck,
  verifyAndAccept,
} from "../wallet/wallet-helpers";

test("[admin] charging: an invited admin runs charging, exports CSV and asks to mark a large payout sent; a second admin approves it; the consumers see it", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const a = await newPerson(browser, "chga", "Ada Giver");
  const b = await newPerson(browser, "chgb", "Bo Converter");
  const admin = await newPerson(browser, "chgadm", "Ann Admin");
  const second = await newPerson(browser, "chgsec", "Sid Second");
  try {
    // A gives B a coupon (A owes 12.00); B converts it (B is owed 12.00).
    await requestCoupon(a.page, "12");
    await giveByHandle(a.page, b);
    await verifyAndAccept(b.page, a.name);
    await b.page.getByRole("button", { name: "Convert to money" }).click();
    await expect(b.page.getByText(/Converted: €12\.00/)).toBeVisible();

    // Consumers are refused by the back-office pages and its CSV routes.
    await a.page.goto("/admin/charging");
    await expect(a.page.locator("p[role=alert]")).toContainText("does not have the admin role");
    expect((await a.page.request.get("/api/admin/statements")).status()).toBe(403);

    // The admin enrols through the invite link.
    await admin.page.goto(adminInvitePath());
    await confirmAdminInvite(admin.page, admin.handle);

    // Run charging now (period ending at the coming midnight), confirmed with the passkey.
    await admin.page.goto("/admin/charging");
    await admin.page.getByRole("button", { name: "Run charging" }).click();
    const outcome = admin.page.getByText(/Run run_[A-Za-z0-9_-]{22} completed/);
    await expect(outcome).toBeVisible({ timeout: 30_000 });
    const runId = /run_[A-Za-z0-9_-]{22}/.exec((await outcome.textContent()) ?? "")?.[0] ?? "";
    await expect(admin.page.locator(`li[data-run-id="${runId}"]`)).toContainText("EUR");

    // The run's statements as CSV: one line per statement, B's payout among them.
    const csv = await admin.page.request.get(`/api/admin/statements?runId=${runId}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text).toContain(`,${b.handle},payout,EUR,1200,12.00,open,`);
    expect(text).toContain(`,${a.handle},invoice,EUR,1200,12.00,open,`);

    // Mark B's payout sent, with the passkey: €12.00 is over what one admin may settle alone in the e2e app
    // (SCRIP_DUAL_CONTROL_MINOR=1000), so it waits for a second admin, and the one who asked cannot approve it.
    await admin.page.goto(`/admin/statements?runId=${runId}&party=${b.handle}`);
    await admin.page.getByRole("button", { name: /Mark sent/ }).click();
    await expect(admin.page.getByText(/it now waits for a second administrator/)).toBeVisible({
      timeout: 30_000,
    });
    await expect(
      admin.page.getByText("You asked for this; another administrator must approve it."),
    ).toBeVisible();
    await expect(admin.page.getByRole("button", { name: /Mark sent/ })).toHaveCount(1);

    // A second admin approves it with their own passkey: now it is settled, once.
    await second.page.goto(adminInvitePath());
    await confirmAdminInvite(second.page, second.handle);
    await second.page.goto("/admin/statements");
    const pending = second.page.getByRole("region", { name: "Waiting for a second administrator" });
    await expect(pending).toContainText("1 statement, €12.00");
    await expect(pending).toContainText(`Asked by @${admin.handle}`);
    await pending.getByRole("button", { name: "Approve and settle with passkey" }).click();
    // The answer stays on screen while the live refresh empties the list.
    await expect(pending.getByText("Approved: 1 settled.")).toBeVisible({ timeout: 30_000 });
    await expect(pending).toContainText("Nothing else waits for a second administrator.");
    await expect(pending.getByRole("button", { name: "Approve and settle with passkey" })).toHaveCount(0);
    await admin.page.reload();
    await expect(admin.page.getByRole("button", { name: /Mark sent/ })).toHaveCount(0);

    // The ledger stays consistent, and each consumer sees their statement in the wallet.
    const check = runLedgerCheck();
    expect(check.status, check.output).toBe(0);
    await b.page.goto("/wallet/statements");
    // In plain words: who paid whom, when; an open invoice says by when it is due (SCRIP_INVOICE_DUE_DAYS, 14).
    const day = (date: Date) =>
      new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" }).format(date);
    await expect(b.page.getByTestId("statement")).toHaveText(
      new RegExp(`^Scrip paid you €12\\.00 on ${day(new Date())}For `),
    );
    await a.page.goto("/wallet/statements");
    await expect(a.page.getByTestId("statement")).toContainText(
      `You owe Scrip €12.00, due by ${day(new Date(Date.now() + 14 * 86_400_000))}`,
    );
    await expect(a.page.getByText("Nothing to bill or pay out yet.")).toBeVisible();

    // The health page answers the on-demand check.
    await admin.page.goto("/admin/health");
    await admin.page.getByRole("button", { name: "Check ledger now" }).click();
    await expect(admin.page.getByText(/Ledger consistent/)).toBeVisible({ timeout: 30_000 });
  } finally {
    await a.context.close();
    await b.context.close();
    await admin.context.close();
    await second.context.close();
  }
});
