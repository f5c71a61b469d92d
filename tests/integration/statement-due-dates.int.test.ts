/**
 * An invoice says how much is due and by when: the charging run stores each invoice's due date (its run's time plus
 * SCRIP_INVOICE_DUE_DAYS), payouts have none, and the wallet's statements read it back.
 */
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { runCharging } from "../../lib/charging/run-charging";
import { convertCoupon } from "../../lib/coupons/convert-coupon";
import { convertOperation } from "../../lib/coupons/operations";
import { getStatementsPage } from "../../lib/wallet/get-statements-page";
import {
  actorOf,
  authorize,
  createUsers,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";

let t: TestDatabase;
const dayMs = 86_400_000;
const tomorrow = () => new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs);

beforeEach(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterEach(async () => {
  delete process.env.SCRIP_INVOICE_DUE_DAYS;
  await t?.destroy();
});

describe("invoice due dates", () => {
  it("are the run's time plus the configured days; payouts have none", async () => {
    process.env.SCRIP_INVOICE_DUE_DAYS = "30";
    const [alice, shop] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    // Alice pays the shop with a coupon she requested (she owes 800); the shop converts it (it is owed 800).
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 800n });
    await giveTestCoupon(t.db, alice, shop, coupon);
    const operation = convertOperation({
      couponId: coupon.id,
      version: 2,
      amountMinor: 800n,
      currency: "EUR",
    });
    await convertCoupon(t.db, actorOf(shop), {
      couponId: coupon.id,
      version: 2,
      authorization: await authorize(t.db, shop, operation),
    });

    const periodEnd = tomorrow();
    const run = await runCharging(t.db, {
      actor: systemActor("due date test"),
      periodEnd,
      now: new Date(periodEnd.getTime() + 1000),
      trigger: "system",
    });
    expect(run).toMatchObject({ invoiceCount: 1, payoutCount: 1 });
    const rows = await t.db.execute<{ party_id: string; kind: string; thirty_days: boolean | null }>(
      sql`select party_id, kind::text, due_at = created_at + interval '30 days' as thirty_days
        from statements where run_id = ${run.runId}`,
    );
    const byParty = new Map(rows.map((row) => [row.party_id, row]));
    expect(byParty.get(alice.partyId)).toMatchObject({ kind: "invoice", thirty_days: true });
    expect(byParty.get(shop.partyId)).toMatchObject({ kind: "payout", thirty_days: null });
    await expectLedgerClean(t.db);

    // The wallet reads the due date back with the invoice, and none with the payout.
    const [invoice] = (await getStatementsPage(t.db, actorOf(alice))).statements;
    const [payout] = (await getStatementsPage(t.db, actorOf(shop))).statements;
    expect(invoice?.dueAt).toBeInstanceOf(Date);
    expect(Math.round(((invoice?.dueAt?.getTime() ?? 0) - Date.now()) / dayMs)).toBe(30);
    expect(payout?.dueAt).toBeNull();
  });

  it("default to 14 days, and a due date cannot be changed afterwards", async () => {
    const [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 500n });
    await giveTestCoupon(t.db, alice, bob, coupon);
    const periodEnd = tomorrow();
    const run = await runCharging(t.db, {
      actor: systemActor("due date test"),
      periodEnd,
      now: new Date(periodEnd.getTime() + 1000),
      trigger: "system",
    });
    const [row] = await t.db.execute<{ id: string; fourteen_days: boolean }>(
      sql`select id, due_at = created_at + interval '14 days' as fourteen_days from statements
        where run_id = ${run.runId}`,
    );
    expect(row?.fourteen_days).toBe(true);
    await expect(
      t.db.execute(sql`update statements set due_at = due_at + interval '1 day' where id = ${row?.id}`),
    ).rejects.toThrow();
    await expectLedgerClean(t.db);
  });
});
