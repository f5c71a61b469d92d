import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { expectNoSidewaysScroll, expectPageAccessible } from "../support/page-checks";
import { adminInvitePath, confirmAdminInvite, runningDataDir } from "../support/running-app";
import {
  giveByHandle,
  newPerson,
  requestCoupon,
  runLedgerCheck,
  verifyAndAccept,
} from "../wallet/wallet-helpers";

/** Runs `work` against the running app's database (its URL is in runtime.json). */
async function withDatabase<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const runtime = fs.readFileSync(path.join(runningDataDir(), "runtime.json"), "utf8");
  const { databaseUrl } = JSON.parse(runtime) as { databaseUrl: string };
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Moves the due date of `handle`'s open invoices a day into the past, past the trigger that keeps statements
 * immutable (the clock cannot be moved, and the e2e app keeps the 14 days other specs rely on). Returns the due date.
 */
async function makeInvoiceOverdue(handle: string): Promise<Date> {
  return withDatabase((sql) =>
    sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      const rows = await tx<{ due_at: Date }[]>`update statements set due_at = now() - interval '1 day'
        where kind = 'invoice' and status = 'open' and party_id = (select party_id from users where handle = ${handle})
        returning due_at`;
      expect(rows).toHaveLength(1);
      return rows[0]?.due_at as Date;
    }),
  );
}

const day = (date: Date) =>
  new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);

test("[admin] charging now: the admin closes the period now and sees the run and its statements; an overdue invoice blocks the person's requests", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const a = await newPerson(browser, "cnwa", "Ona Owing");
  const b = await newPerson(browser, "cnwb", "Pia Paid");
  const admin = await newPerson(browser, "cnwadm", "Ned Now");
  try {
    // A gives B a €4.00 coupon: A owes €4.00.
    await requestCoupon(a.page, "4");
    await giveByHandle(a.page, b);
    await verifyAndAccept(b.page, a.name);

    await admin.page.goto(adminInvitePath());
    await confirmAdminInvite(admin.page, admin.handle);

    // "Close the period now" is the default, and the page says what will happen before the passkey.
    await admin.page.goto("/admin/charging");
    await expect(admin.page.getByLabel("Close the period now")).toBeChecked();
    await expect(admin.page.getByTestId("run-charging-plan")).toContainText("ends the moment the run starts");
    await admin.page.getByLabel("Close at a date's midnight").check();
    await expect(admin.page.getByLabel("Period ends at 00:00 UTC on")).toBeVisible();
    await admin.page.getByLabel("Close the period now").check();
    await expect(admin.page.getByLabel("Period ends at 00:00 UTC on")).toHaveCount(0);
    await expectPageAccessible(admin.page);
    await expectNoSidewaysScroll(admin.page);
    await admin.page.getByRole("button", { name: "Run charging" }).click();
    const outcome = admin.page.getByText(/Run run_[A-Za-z0-9_-]{22} completed/);
    await expect(outcome).toBeVisible({ timeout: 30_000 });
    const runId = /run_[A-Za-z0-9_-]{22}/.exec((await outcome.textContent()) ?? "")?.[0] ?? "";
    const run = admin.page.locator(`li[data-run-id="${runId}"]`);
    // The run ends at a time of day, not a midnight.
    await expect(run.getByRole("heading")).toHaveText(/→ \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC$/);
    await expect(run).toContainText("EUR");
    await run.getByRole("link", { name: "Statements", exact: true }).click();
    await expect(admin.page).toHaveURL(/\/admin\/statements\?runId=/);
    await expect(admin.page.getByText(`@${a.handle}`).first()).toBeVisible();

    // A's statement names the period with the time it was closed.
    await a.page.goto("/wallet/statements");
    await expect(a.page.getByTestId("statement")).toContainText("You owe Scrip €4.00");
    await expect(a.page.getByTestId("statement")).toContainText(/For .*\d{2}:\d{2}/);

    // Once the invoice is overdue, A's request page says so before any form.
    const dueAt = await makeInvoiceOverdue(a.handle);
    await a.page.goto("/wallet/request");
    await expect(a.page.getByTestId("overdue-block")).toHaveText(
      `You have an unpaid invoice of €4.00 that was due on ${day(dueAt)}. Pay it first, then request coupons again.`,
    );
    await expect(a.page.getByLabel("Amount")).toHaveCount(0);
    await expectPageAccessible(a.page);
    await expectNoSidewaysScroll(a.page);
    // B (owed a payout) still requests as before.
    await b.page.goto("/wallet/request");
    await expect(b.page.getByLabel("Amount")).toBeVisible();

    // The back office lists it, and the party's page shows it too.
    await admin.page.goto("/admin");
    const overdue = admin.page.getByRole("region", { name: "Overdue invoices" });
    const row = overdue.getByRole("row").filter({ hasText: `@${a.handle}` });
    await expect(row).toContainText("€4.00");
    await expect(row).toContainText(day(dueAt));
    await expect(row).toContainText("1 day");
    await expectPageAccessible(admin.page);
    await expectNoSidewaysScroll(admin.page);
    await row.getByRole("link", { name: `@${a.handle}` }).click();
    await expect(admin.page.getByRole("region", { name: "Overdue invoices" })).toContainText("€4.00");

    const check = runLedgerCheck();
    expect(check.status, check.output).toBe(0);
  } finally {
    await a.context.close();
    await b.context.close();
    await admin.context.close();
  }
});
