import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { completeStepUp } from "@/lib/auth/require-step-up";
import { formatDate } from "@/lib/dates/format-date";
import { AppError } from "@/lib/errors";
import { newId, newIds } from "@/lib/ids";
import { enqueueStatementWebhooks } from "./enqueue-statement-webhooks";
import { invoiceDueDays } from "./invoice-due-days";
import { chargingRunOperation } from "./operations";
import { assertMidnightPeriodEnd, databaseNow } from "./period-end";
import { postingBilledByRunSql, type RunBounds } from "./posting-run-sql";

/** Key of the transaction-level advisory lock that serialises charging runs (and settlement reads of them). */
export const chargingLockKey = 0x5c41_c0de;

export interface ChargingRunResult {
  runId: string;
  /** False when a run for this period end already existed (a concurrent or repeated start). */
  created: boolean;
  periodStart: Date;
  periodEnd: Date;
  invoiceCount: number;
  payoutCount: number;
}

/** A run as the next one reads it. */
const runShape = {
  id: column.text,
  period_start: column.date,
  period_end: column.date,
  snapshot_xmin: column.text,
};

async function countStatements(tx: DbOrTx, runId: string) {
  const row = await queryRow(
    tx,
    { invoices: column.int, payouts: column.int },
    sql`select count(*) filter (where kind = 'invoice')::int as invoices,
        count(*) filter (where kind = 'payout')::int as payouts
      from statements where run_id = ${runId}`,
  );
  return { invoiceCount: row?.invoices ?? 0, payoutCount: row?.payouts ?? 0 };
}

/**
 * The first run starts at the UTC midnight before the oldest posting, at latest the one before its end (a day
 * before a midnight end; the same day's midnight for a period closed now).
 */
async function firstPeriodStart(tx: DbOrTx, periodEnd: Date): Promise<Date> {
  const row = await queryRow(
    tx,
    { oldest: column.date.nullable() },
    sql`select min(created_at) as oldest from postings`,
  );
  const dayMs = 86_400_000;
  const latest = periodEnd.getTime() - 1;
  const from = Math.min(row?.oldest?.getTime() ?? latest, latest);
  return new Date(Math.floor(from / dayMs) * dayMs);
}

/**
 * Writes one statement per party and currency with a non-zero net over the postings this run billed
 * (`postingBilledByRunSql`: billable, created before its period end, committed before its snapshot, not billed by
 * the previous run). Funding debits the party (it owes), conversion credits it (it is owed). An invoice is due
 * `dueDays` after the run (SCRIP_INVOICE_DUE_DAYS) and gets its payment reference (an ISO 11649 RF number from
 * statement_reference_seq, migration 0024); a payout has neither.
 *
 * The nets are aggregated per account first, into a temporary table (CREATE TABLE AS may use parallel workers;
 * an INSERT … SELECT may not), and only the ~one row per party is then joined to its account and written.
 */
async function insertStatements(
  tx: DbOrTx,
  run: RunBounds & { id: string; previous: RunBounds | undefined; dueDays: number },
): Promise<{ invoiceCount: number; payoutCount: number }> {
  // The server's default work_mem (4 MB) makes the per-account aggregation sort and spill to disk; a run gets enough
  // memory to hash its accounts (and to sort its statements) in memory, for this transaction only (sizing in
  // bench/README.md). Beyond that PostgreSQL's hash aggregation spills to disk, so a larger ledger is slower, never
  // wrong.
  await tx.execute(sql`set local work_mem = '64MB'`);
  await tx.execute(sql`create temporary table charging_nets on commit drop as
    select n.account_id, n.net from (
      select case when p.kind in ('funding', 'campaign_funding') then p.debit_account_id else p.credit_account_id end as account_id,
        sum(case when p.kind in ('funding', 'campaign_funding') then p.amount_minor else -p.amount_minor end) as net
      from postings p
      where ${postingBilledByRunSql("p", run, run.previous)}
      group by 1
    ) n where n.net <> 0`);
  // Each statement gets a fresh random public id (lib/ids.ts `newIds`), drawn here in one go: far cheaper than
  // deriving one per row in SQL, and sent as one text parameter (a list of 100 k parameters would not fit).
  const counted = await queryRow(tx, { n: column.int }, sql`select count(*)::int as n from charging_nets`);
  const count = counted?.n ?? 0;
  let counts = { invoiceCount: 0, payoutCount: 0 };
  if (count > 0) {
    // The ids are sorted and handed out in party order, and the rows are written in that order, so every index of
    // statements (id; run+party; party) is filled in key order instead of at random places (bench/README.md). The
    // counts come back from the insert itself instead of a second scan.
    const ids = newIds("statement", count).sort().join(",");
    const written = await queryRow(
      tx,
      { invoices: column.int, payouts: column.int },
      sql`with written as (
        insert into statements (id, run_id, party_id, currency, kind, amount_minor, due_at, creditor_reference)
        select ids.id, ${run.id}, n.party_id, n.currency,
          (case when n.net > 0 then 'invoice' else 'payout' end)::statement_kind, abs(n.net),
          case when n.net > 0 then now() + make_interval(days => ${run.dueDays}::int) end,
          case when n.net > 0 then scrip_creditor_reference(nextval('statement_reference_seq')) end
        from (select a.party_id, a.currency, n.net, row_number() over (order by a.party_id, a.currency) as ordinal
          from charging_nets n join ledger_accounts a on a.id = n.account_id and a.kind = 'party') n
        join unnest(string_to_array(${ids}, ',')) with ordinality as ids(id, ordinal) on ids.ordinal = n.ordinal
        order by n.ordinal
        returning kind)
      select count(*) filter (where kind = 'invoice')::int as invoices,
        count(*) filter (where kind = 'payout')::int as payouts from written`,
    );
    counts = { invoiceCount: written?.invoices ?? 0, payoutCount: written?.payouts ?? 0 };
  }
  await tx.execute(sql`drop table charging_nets`);
  return counts;
}

/**
 * Runs charging for the period ending at `periodEnd` (a UTC midnight, at latest the coming one, or "now"), exactly once: runs
 * serialise on an advisory lock, a period end is charged at most once (a second start returns the first run),
 * periods only move forward, and the run with all its statements is one transaction, so a run killed half way
 * leaves nothing. Postings committed while it runs fall after its snapshot and go to the next run.
 */
export async function runCharging(
  db: DbOrTx,
  input: {
    actor: Actor;
    /** A UTC midnight (at latest the coming one), or "now": the database's clock once the run holds its lock. */
    periodEnd: Date | "now";
    trigger?: "admin" | "schedule" | "system";
    /** A person confirms with a passkey assertion over chargingRunOperation(periodEnd); the system does not. */
    authorization?: unknown;
    now?: Date;
    ip?: string | null;
  },
): Promise<ChargingRunResult> {
  requirePermission(input.actor, "charging.run");
  const now = input.now ?? new Date();
  const dueDays = invoiceDueDays();
  if (input.periodEnd !== "now") assertMidnightPeriodEnd(input.periodEnd, now);
  return db.transaction(async (tx) => {
    if (input.actor.kind === "user") {
      await completeStepUp(tx, {
        actor: input.actor,
        operation: chargingRunOperation(input.periodEnd),
        response: input.authorization,
        ip: input.ip,
        auditDb: db,
      });
    } else if (input.actor.kind !== "system") {
      throw new AppError("FORBIDDEN", "Only an admin or the scheduler runs charging.");
    }
    await tx.execute(sql`select pg_advisory_xact_lock(${chargingLockKey})`);
    const periodEnd = input.periodEnd === "now" ? await databaseNow(tx) : input.periodEnd;
    const existing = await queryRow(
      tx,
      runShape,
      sql`select id, period_start, period_end, snapshot_xmin::text from charging_runs
        where period_end = ${periodEnd.toISOString()}::timestamptz`,
    );
    if (existing) {
      return {
        runId: existing.id,
        created: false,
        periodStart: existing.period_start,
        periodEnd,
        ...(await countStatements(tx, existing.id)),
      };
    }
    const previous = await queryRow(
      tx,
      runShape,
      sql`select id, period_start, period_end, snapshot_xmin::text from charging_runs
        order by period_end desc limit 1`,
    );
    if (previous && previous.period_end.getTime() > periodEnd.getTime()) {
      throw new AppError(
        "CONFLICT",
        `A later period (ending ${formatDate(previous.period_end)}) has already been charged.`,
      );
    }
    const periodStart = previous ? previous.period_end : await firstPeriodStart(tx, periodEnd);
    const runId = newId("chargingRun");
    const startedBy = input.actor.kind === "user" ? input.actor.userId : null;
    // The snapshot's xmin, never below any earlier run's, so the covered sets only grow.
    const run = await queryRow(
      tx,
      { snapshot_xmin: column.text },
      sql`insert into charging_runs
          (id, period_start, period_end, started_by_user_id, completed_at, snapshot_xmin, trigger)
        select ${runId}, ${periodStart.toISOString()}::timestamptz, ${periodEnd.toISOString()}::timestamptz,
          ${startedBy}, now(), greatest(pg_snapshot_xmin(pg_current_snapshot()), max(snapshot_xmin)),
          ${input.trigger ?? "admin"}
        from charging_runs
        returning snapshot_xmin::text`,
    );
    if (!run) throw new Error("charging run row was not written");
    const counts = await insertStatements(tx, {
      id: runId,
      periodEnd,
      snapshotXmin: run.snapshot_xmin,
      previous: previous && { periodEnd: previous.period_end, snapshotXmin: previous.snapshot_xmin },
      dueDays,
    });
    await enqueueStatementWebhooks(tx, { runId, periodEnd });
    await recordAuditEvent(tx, {
      action: "charging.run",
      actor: input.actor,
      targetType: "charging_run",
      targetId: runId,
      ip: input.ip,
      data: { periodEnd: periodEnd.toISOString(), trigger: input.trigger ?? "admin", ...counts },
    });
    return { runId, created: true, periodStart, periodEnd, ...counts };
  });
}
