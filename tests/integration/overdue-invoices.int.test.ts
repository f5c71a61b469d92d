/**
 * An invoice open past its due date blocks new coupons for its party (lib/parties/overdue.ts): the request is
 * refused with the amount and the date, before the passkey prompt and again in the request's transaction, and so
 * is an admin's approval of a request that waited; nothing is written. Spending and giving held coupons stays
 * allowed; an invoice not yet due, or paid, blocks nothing. Admins see the overdue invoices listed.
 */
import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { statements } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { type Actor, systemActor } from "../../lib/auth/actor";
import { runCharging } from "../../lib/charging/run-charging";
import { formatDate } from "../../lib/dates/format-date";
import { approveIssuance } from "../../lib/issuance/decide-issuance";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { listOverdueInvoices } from "../../lib/parties/list-overdue-invoices";
import { overdueNoticeFor } from "../../lib/parties/overdue";
import { settleStatements } from "../../lib/settlement/settle-statements";
import { beginIssuance } from "../../lib/wallet/begin-coupon-step-up";
import {
  actorOf,
  authorize,
  createUsers,
  expectAppError,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
  setupCouponEnvironment,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";
import { setPartyStatus } from "../support/suspension-fixtures";

let t: TestDatabase;
const system = systemActor("overdue test");

beforeEach(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterEach(async () => {
  delete process.env.SCRIP_INVOICE_DUE_DAYS;
  await t?.destroy();
});

/** Charges every posting so far, its invoices due `dueDays` after the run (0: due at once, overdue from then). */
async function chargeNow(dueDays: number) {
  process.env.SCRIP_INVOICE_DUE_DAYS = String(dueDays);
  const run = await runCharging(t.db, { actor: system, periodEnd: "now", trigger: "system" });
  delete process.env.SCRIP_INVOICE_DUE_DAYS;
  return run;
}

async function invoiceOf(partyId: string) {
  const [row] = await t.db
    .select()
    .from(statements)
    .where(sql`${statements.partyId} = ${partyId} and ${statements.kind} = 'invoice'`);
  if (!row?.dueAt) throw new Error("expected an invoice");
  return row as typeof row & { dueAt: Date };
}

/** A person's request through the real path: options (before the passkey), then the confirmed request. */
async function requestCoupon(user: TestUser, amountMinor = 500n) {
  const input = { amountMinor, currency: "EUR", expiresInDays: 30 };
  const { couponId, operation } = prepareIssuance(actorOf(user), input);
  const authorization = await authorize(t.db, user, operation);
  return requestIssuance(t.db, actorOf(user), { couponId, ...input, authorization });
}

const blocked = (amount: string, dueAt: Date) =>
  `You have an unpaid invoice of ${amount} that was due on ${formatDate(dueAt)}. Pay it first, then request coupons again.`;

describe("an overdue invoice", () => {
  it("blocks new coupons for its party, with the amount and date, writing nothing; held coupons still move", async () => {
    const [alice, bob, carol] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 400n }));
    const kept = await issueTestCoupon(t.db, alice, { amountMinor: 150n });
    await chargeNow(0);
    const invoice = await invoiceOf(alice.partyId);
    expect(invoice.amountMinor).toBe(400n);

    const before = await snapshotCouponData(t.db);
    const refused = await expectAppError(requestCoupon(alice), "INVOICE_OVERDUE");
    expect(refused.message).toBe(blocked("€4.00", invoice.dueAt));
    expect(refused.status).toBe(402);
    // Refused before any passkey prompt, too (the wallet's and the API's options step).
    await expectAppError(
      beginIssuance(t.db, actorOf(alice) as Extract<Actor, { kind: "user" }>, {
        amountMinor: 500n,
        currency: "EUR",
        expiresInDays: 30,
        ip: null,
      }),
      "INVOICE_OVERDUE",
    );
    expect(await snapshotCouponData(t.db)).toEqual(before);
    // The wallet's request page shows the same words before the form.
    expect(await overdueNoticeFor(t.db, actorOf(alice))).toBe(blocked("€4.00", invoice.dueAt));

    // Spending and giving what she holds stays allowed.
    await giveTestCoupon(t.db, alice, carol, kept);
    // Others are not blocked: Bob is owed a payout, Carol has no statement.
    expect(await overdueNoticeFor(t.db, actorOf(bob))).toBeNull();
    expect((await requestCoupon(bob)).status).toBe("issued");
    expect((await requestCoupon(carol)).status).toBe("issued");
    await expectLedgerClean(t.db);
  });

  it("blocks nothing while not yet due, and nothing once paid", async () => {
    const [alice, bob, dave] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 400n }));
    await chargeNow(0);
    // Dave's invoice of the next run is due tomorrow: not overdue.
    await giveTestCoupon(t.db, dave, bob, await issueTestCoupon(t.db, dave, { amountMinor: 300n }));
    await chargeNow(1);
    const daves = await invoiceOf(dave.partyId);
    expect(daves.dueAt.getTime()).toBeGreaterThan(Date.now());
    expect((await requestCoupon(dave)).status).toBe("issued");

    await expectAppError(requestCoupon(alice), "INVOICE_OVERDUE");
    const invoice = await invoiceOf(alice.partyId);
    await settleStatements(t.db, { actor: system, statementIds: [invoice.id] });
    expect(await overdueNoticeFor(t.db, actorOf(alice))).toBeNull();
    expect((await requestCoupon(alice)).status).toBe("issued");
    await expectLedgerClean(t.db);
  });

  it("names the oldest of several overdue invoices; suspension is said first; an approval that waited is refused", async () => {
    const [admin, alice, bob] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    // A request above the approval threshold waits; meanwhile two invoices fall due.
    const waiting = await requestCoupon(alice, 25_000n);
    expect(waiting.status).toBe("awaiting_approval");
    const later = await issueTestCoupon(t.db, alice, { amountMinor: 900n });
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 400n }));
    await chargeNow(0);
    // Giving a coupon she already holds stays allowed while overdue; it is billed in the next run.
    await giveTestCoupon(t.db, alice, bob, later);
    await chargeNow(0);
    const oldest = await t.db
      .select()
      .from(statements)
      .where(eq(statements.partyId, alice.partyId))
      .orderBy(statements.dueAt);
    expect(oldest.map((row) => row.amountMinor)).toEqual([400n, 900n]);
    const refused = await expectAppError(requestCoupon(alice), "INVOICE_OVERDUE");
    expect(refused.message).toBe(blocked("€4.00", oldest[0]?.dueAt as Date));

    if (waiting.status !== "awaiting_approval") throw new Error("expected a waiting request");
    const asAdmin = actorOf(admin, { isAdmin: true });
    const approval = await expectAppError(
      approveIssuance(t.db, asAdmin, { requestId: waiting.requestId }),
      "INVOICE_OVERDUE",
    );
    expect(approval.message).toMatch(/^This party has an unpaid invoice of €4\.00 that was due on /);
    const [request] = await t.db.execute<{ status: string }>(
      sql`select status::text from issuance_requests where id = ${waiting.requestId}`,
    );
    expect(request?.status).toBe("awaiting_approval");

    // Suspended and overdue: the suspension is what the party reads.
    await setPartyStatus(t.db, alice.partyId, "suspended");
    await expectAppError(requestCoupon(alice), "ACCOUNT_SUSPENDED");
    await setPartyStatus(t.db, alice.partyId, "active");
    await expectLedgerClean(t.db);
  });

  it("is listed for admins: party, amount, due date, days overdue; per party on its page; not for others", async () => {
    const [admin, alice, bob, dave] = (await createUsers(t.db, 4)) as [
      TestUser,
      TestUser,
      TestUser,
      TestUser,
    ];
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 400n }));
    await chargeNow(0);
    await giveTestCoupon(t.db, dave, bob, await issueTestCoupon(t.db, dave, { amountMinor: 300n }));
    await chargeNow(1);
    const asAdmin = actorOf(admin, { isAdmin: true });
    const invoice = await invoiceOf(alice.partyId);
    const rows = await listOverdueInvoices(t.db, asAdmin);
    expect(rows).toEqual([
      {
        statementId: invoice.id,
        partyId: alice.partyId,
        partyName: expect.any(String),
        handle: alice.handle,
        amountMinor: 400n,
        currency: "EUR",
        dueAt: invoice.dueAt,
        daysOverdue: 0,
      },
    ]);
    expect(await listOverdueInvoices(t.db, asAdmin, { partyId: alice.partyId })).toHaveLength(1);
    expect(await listOverdueInvoices(t.db, asAdmin, { partyId: dave.partyId })).toEqual([]);
    await expectAppError(listOverdueInvoices(t.db, actorOf(alice)), "FORBIDDEN");
    // Settled: off the list.
    await settleStatements(t.db, { actor: system, statementIds: [invoice.id] });
    expect(await listOverdueInvoices(t.db, asAdmin)).toEqual([]);
    await expectLedgerClean(t.db);
  });
});
