/**
 * An admin closes the period "now": the run ends at the database's clock read once it holds the charging lock. A
 * posting made before that and committed before the run's snapshot is the run's; one made after it, or still
 * uncommitted at the snapshot, is the next run's; never none or two. Scheduled runs keep their calendar: the next
 * one starts where the "now" run ended and ends at its midnight.
 */
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DbOrTx } from "../../db/client";
import { column, queryRows } from "../../db/rows";
import { postings } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { latestPeriodEnd } from "../../lib/charging/charging-schedule";
import { chargingRunOperation } from "../../lib/charging/operations";
import { type ChargingRunResult, runCharging } from "../../lib/charging/run-charging";
import { newId } from "../../lib/ids";
import { runScheduledCharging } from "../../lib/jobs/run-scheduled-charging";
import { checkLedger } from "../../lib/ledger/check-ledger";
import {
  actorOf,
  authorize,
  createUsers,
  expectAppError,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";
import { insertAccount, insertCoupon, insertParty } from "../support/schema-fixtures";

let t: TestDatabase;
const system = systemActor("charging now test");
const dayMs = 86_400_000;
const tomorrow = () => new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs);
const runNow = () => runCharging(t.db, { actor: system, periodEnd: "now", trigger: "system" });

beforeEach(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterEach(async () => {
  await t?.destroy();
});

async function statementsOf(runId: string) {
  const rows = await t.db.execute<{ party_id: string; kind: string; amount: string }>(
    sql`select party_id, kind::text, amount_minor::text as amount from statements where run_id = ${runId}
      order by party_id`,
  );
  return rows.map((row) => ({ partyId: row.party_id, kind: row.kind, amountMinor: BigInt(row.amount) }));
}

/** A party with an EUR account and the issuer's outstanding account, for postings written directly. */
async function ledgerParties(count: number) {
  const outstanding = await insertAccount(t.db, { kind: "issuer_outstanding", currency: "EUR" });
  const parties: { id: string; account: string }[] = [];
  for (let index = 0; index < count; index++) {
    const id = await insertParty(t.db, "user");
    parties.push({ id, account: await insertAccount(t.db, { kind: "party", partyId: id, currency: "EUR" }) });
  }
  return { outstanding, parties };
}

/** A funding posting of `amount` by `party` (it owes), stamped by the database's clock of `db`'s transaction. */
async function fund(
  db: DbOrTx,
  ledger: { outstanding: string },
  party: { id: string; account: string },
  amount: bigint,
) {
  const couponId = await insertCoupon(db, { ownerPartyId: party.id, currency: "EUR", amountMinor: amount });
  const id = newId("posting");
  await db.insert(postings).values({
    id,
    kind: "funding",
    debitAccountId: party.account,
    creditAccountId: ledger.outstanding,
    amountMinor: amount,
    currency: "EUR",
    couponId,
  });
  return id;
}

/**
 * The ledger check's money and charging invariants (1: balances; 5: statements equal their run's postings, run
 * bounds grow) for the tests that write postings directly, without coupon histories (invariants 2, 4 and 6 are
 * about those). A posting in two runs, or in none, makes invariant 5 fail.
 */
async function expectChargingClean() {
  const problems = (await checkLedger(t.db)).filter(
    (problem) => problem.invariant === 1 || problem.invariant === 5,
  );
  expect(problems).toEqual([]);
}

/** The run (by the reference definition scrip_posting_run_id) of each posting. */
async function runOfPostings(): Promise<Map<string, string | null>> {
  const rows = await queryRows(
    t.db,
    { id: column.text, run: column.textOrNull },
    sql`select p.id, scrip_posting_run_id(p) as run from postings p`,
  );
  return new Map(rows.map((row) => [row.id, row.run]));
}

/** A promise and its resolver, to hold a transaction open at a chosen point. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Waits until `count` backends of this database wait for a lock (polling pg_stat_activity, up to 15 s). */
async function backendsWaiting(count: number) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`;
    if ((row?.n ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${count} backends never waited for a lock`);
}

describe("closing the period now", () => {
  it("ends the run at the database's clock: postings before it are its own, postings after it the next run's", async () => {
    const [alice, bob, carol] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 700n }));
    const clock = async () => {
      const [row] = await t.db.execute<{ ms: number }>(sql`select extract(epoch from now()) * 1000 as ms`);
      return Number(row?.ms);
    };
    const before = await clock();
    const first = await runNow();
    const after = await clock();
    expect(first).toMatchObject({ created: true, invoiceCount: 1, payoutCount: 0 });
    // The first run starts at the midnight before its oldest posting, within the day before its end.
    expect(first.periodStart.getTime() % dayMs).toBe(0);
    expect(first.periodEnd.getTime() - first.periodStart.getTime()).toBeLessThanOrEqual(dayMs);
    expect(first.periodEnd.getTime()).toBeGreaterThanOrEqual(Math.floor(before));
    expect(first.periodEnd.getTime()).toBeLessThanOrEqual(after);
    expect(await statementsOf(first.runId)).toEqual([
      { partyId: alice.partyId, kind: "invoice", amountMinor: 700n },
    ]);

    // Carol's gift comes after the run: the next "now" run's, which starts where the first ended.
    await giveTestCoupon(t.db, carol, bob, await issueTestCoupon(t.db, carol, { amountMinor: 250n }));
    const second = await runNow();
    expect(second.periodStart).toEqual(first.periodEnd);
    expect(second.periodEnd.getTime()).toBeGreaterThan(first.periodEnd.getTime());
    expect(await statementsOf(second.runId)).toEqual([
      { partyId: carol.partyId, kind: "invoice", amountMinor: 250n },
    ]);
    const runs = new Set((await runOfPostings()).values());
    expect(runs).toEqual(new Set([first.runId, second.runId]));
    await expectLedgerClean(t.db);
  });

  it("an admin confirms closing now with a passkey over exactly that; a confirmation of a midnight does not do", async () => {
    const [admin, alice, bob] = (await createUsers(t.db, 3)) as [TestUser, TestUser, TestUser];
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 300n }));
    const asAdmin = actorOf(admin, { isAdmin: true });
    const midnight = await authorize(t.db, admin, chargingRunOperation(tomorrow()));
    await expectAppError(
      runCharging(t.db, { actor: asAdmin, periodEnd: "now", authorization: midnight }),
      "STEP_UP_INVALID",
    );
    const now = await authorize(t.db, admin, chargingRunOperation("now"));
    const run = await runCharging(t.db, { actor: asAdmin, periodEnd: "now", authorization: now });
    expect(run).toMatchObject({ created: true, invoiceCount: 1 });
    const [row] = await t.db.execute<{ started: string; trigger: string }>(
      sql`select started_by_user_id as started, trigger::text from charging_runs where id = ${run.runId}`,
    );
    expect(row).toEqual({ started: admin.userId, trigger: "admin" });
    await expectAppError(runCharging(t.db, { actor: actorOf(alice), periodEnd: "now" }), "FORBIDDEN");
    await expectLedgerClean(t.db);
  });

  it("puts postings committed around a run in exactly one run, whichever way they interleave", async () => {
    const ledger = await ledgerParties(4);
    const [p0, p1, p2, p3] = ledger.parties as [
      { id: string; account: string },
      { id: string; account: string },
      { id: string; account: string },
      { id: string; account: string },
    ];
    const committedBefore = await fund(t.db, ledger, p0, 100n);

    // Open while the run takes its snapshot, with its posting already written: not this run's.
    const holdOpen = gate();
    const wroteOpen = gate();
    let openId = "";
    const open = t.db.transaction(async (tx) => {
      openId = await fund(tx, ledger, p1, 200n);
      wroteOpen.open();
      await holdOpen.opened;
    });
    await wroteOpen.opened;

    // Started (its clock fixed, so its posting is stamped before the period end) but written only after the run.
    const startedLate = gate();
    const goLate = gate();
    let lateId = "";
    const late = t.db.transaction(async (tx) => {
      await tx.execute(sql`select now()`);
      startedLate.open();
      await goLate.opened;
      lateId = await fund(tx, ledger, p2, 300n);
    });
    await startedLate.opened;

    // Postings racing with the run, each in its own transaction.
    const racing = Array.from({ length: 24 }, (_, index) => fund(t.db, ledger, p3, BigInt(10 + index)));
    const [first] = (await Promise.all([runNow(), ...racing])) as [ChargingRunResult, ...unknown[]];
    holdOpen.open();
    goLate.open();
    await Promise.all([open, late]);
    const committedAfter = await fund(t.db, ledger, p0, 400n);

    const [lateStamp] = await t.db.execute<{ before: boolean }>(
      sql`select created_at < ${first.periodEnd.toISOString()}::timestamptz as before from postings where id = ${lateId}`,
    );
    expect(lateStamp?.before).toBe(true);

    const second = await runNow();
    const runOf = await runOfPostings();
    expect(runOf.get(committedBefore)).toBe(first.runId);
    expect(runOf.get(openId)).toBe(second.runId);
    expect(runOf.get(lateId)).toBe(second.runId);
    expect(runOf.get(committedAfter)).toBe(second.runId);
    // Every posting is in exactly one of the two runs, and each run's statements total exactly its postings.
    expect([...runOf.values()].every((run) => run === first.runId || run === second.runId)).toBe(true);
    const totals = await queryRows(
      t.db,
      { run: column.text, posted: column.bigint, stated: column.bigint },
      sql`select r.id as run,
          (select coalesce(sum(p.amount_minor), 0) from postings p where scrip_posting_run_id(p) = r.id)::text as posted,
          (select coalesce(sum(s.amount_minor), 0) from statements s where s.run_id = r.id)::text as stated
        from charging_runs r`,
    );
    expect(totals).toHaveLength(2);
    for (const total of totals) expect(total.stated).toBe(total.posted);
    const all = totals.reduce((sum, total) => sum + total.posted, 0n);
    expect(all).toBe(100n + 200n + 300n + 400n + BigInt(24 * 10 + (23 * 24) / 2));
    await expectChargingClean();
  });

  it("serialises with a run in progress: the second closes after the first, contiguous, each posting once", async () => {
    const ledger = await ledgerParties(2);
    const [p0, p1] = ledger.parties as [{ id: string; account: string }, { id: string; account: string }];
    const early = await fund(t.db, ledger, p0, 500n);
    // A connection holds the statements table, so the first run stops half way with the charging lock held.
    const blocker = await t.sql.reserve();
    await blocker`begin`;
    await blocker`lock table statements in share mode`;
    let firstRun: Promise<ChargingRunResult> | undefined;
    let secondRun: Promise<ChargingRunResult> | undefined;
    try {
      firstRun = runNow();
      await backendsWaiting(1);
      // Committed while the first run holds the lock (after its snapshot): the second run's.
      const during = await fund(t.db, ledger, p1, 60n);
      secondRun = runNow();
      await backendsWaiting(2);
      await blocker`rollback`;
      const [first, second] = await Promise.all([firstRun, secondRun]);
      expect(second.periodStart).toEqual(first.periodEnd);
      expect(second.periodEnd.getTime()).toBeGreaterThan(first.periodEnd.getTime());
      const runOf = await runOfPostings();
      expect(runOf.get(early)).toBe(first.runId);
      expect(runOf.get(during)).toBe(second.runId);
      expect(await statementsOf(second.runId)).toEqual([
        { partyId: p1.id, kind: "invoice", amountMinor: 60n },
      ]);
    } finally {
      await blocker`rollback`.catch(() => {});
      blocker.release();
      await Promise.allSettled([firstRun, secondRun]);
    }
    await expectChargingClean();
  });

  it("keeps the calendar: the next scheduled run covers from the 'now' run's end to its midnight", async () => {
    const [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 100n }));
    const first = await runNow();
    // The daily job due at today's midnight finds a run reaching past it: skipped.
    const today = new Date(tomorrow().getTime() - dayMs + 5 * 60_000);
    expect(await runScheduledCharging(t.db, { schedule: "daily", now: today })).toMatchObject({
      skipped: true,
    });
    await giveTestCoupon(t.db, bob, alice, await issueTestCoupon(t.db, bob, { amountMinor: 40n }));
    // Tomorrow's 00:05 job closes the period at tomorrow's midnight, starting where the "now" run ended.
    const atFive = new Date(tomorrow().getTime() + 5 * 60_000);
    const scheduled = await runScheduledCharging(t.db, { schedule: "daily", now: atFive });
    expect(scheduled).toMatchObject({
      created: true,
      periodStart: first.periodEnd,
      periodEnd: latestPeriodEnd("daily", atFive),
    });
    expect(latestPeriodEnd("daily", atFive)).toEqual(tomorrow());
    if (!("runId" in scheduled)) throw new Error("expected a run");
    expect(await statementsOf(scheduled.runId)).toEqual([
      { partyId: bob.partyId, kind: "invoice", amountMinor: 40n },
    ]);
    await expectLedgerClean(t.db);
  });

  it("refuses a period end in the future or before the last run, and 'now' once a run reaches past it; nothing written", async () => {
    const [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
    await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 100n }));
    await expectAppError(
      runCharging(t.db, { actor: system, periodEnd: new Date(tomorrow().getTime() + dayMs) }),
      "VALIDATION_FAILED",
    );
    await expectAppError(
      runCharging(t.db, { actor: system, periodEnd: new Date(Date.now() - 60_000) }),
      "VALIDATION_FAILED",
    );
    const first = await runNow();
    // Today's midnight lies before the "now" run's end.
    await expectAppError(
      runCharging(t.db, { actor: system, periodEnd: new Date(tomorrow().getTime() - dayMs) }),
      "CONFLICT",
    );
    // Closing at the coming midnight is still allowed; after it, "now" lies before the last run's end.
    const midnight = await runCharging(t.db, { actor: system, periodEnd: tomorrow() });
    expect(midnight.periodStart).toEqual(first.periodEnd);
    const error = await expectAppError(runNow(), "CONFLICT");
    expect(error.message).toMatch(/A later period \(ending .*\) has already been charged\./);
    const [count] = await t.db.execute<{ runs: number }>(
      sql`select count(*)::int as runs from charging_runs`,
    );
    expect(count?.runs).toBe(2);
    await expectLedgerClean(t.db);
  });
});
