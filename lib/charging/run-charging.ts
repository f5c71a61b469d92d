import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { completeStepUp } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { newId, newIds } from "@/lib/ids";
import { isUtcMidnight } from "./charging-schedule";
import { chargingRunOperation } from "./operations";

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

interface RunRow {
  id: string;
  period_start: string;
  period_end: string;
  snapshot_xmin: string;
  [key: string]: unknown;
}

async function countStatements(tx: DbOrTx, runId: string) {
  const [row] = await tx.execute<{ invoices: number; payouts: number }>(sql`select
      count(*) filter (where kind = 'invoice')::int as invoices, count(*) filter (where kind = 'payout')::int as payouts
    from statements where run_id = ${runId}`);
  return { invoiceCount: row?.invoices ?? 0, payoutCount: row?.payouts ?? 0 };
}

/** The first run starts at the UTC midnight before the oldest posting (or a day before its end if none). */
async function firstPeriodStart(tx: DbOrTx, periodEnd: Date): Promise<Date> {
  const [row] = await tx.execute<{ oldest: string | null }>(
    sql`select min(created_at) as oldest from postings`,
  );
  const dayMs = 86_400_000;
  const oldest = row?.oldest
    ? Math.floor(new Date(row.oldest).getTime() / dayMs) * dayMs
    : periodEnd.getTime();
  return new Date(Math.min(oldest, periodEnd.getTime() - dayMs));
}

/**
 * Writes one statement per party and currency with a non-zero net over the postings this run covers:
 * billable, created before `periodEnd`, committed before the run's snapshot (`xid < xmin`), and not covered by
 * the previous run. Funding debits the party (it owes), conversion credits it (it is owed).
 *
 * The nets are aggregated per account first, into a temporary table (CREATE TABLE AS may use parallel workers;
 * an INSERT … SELECT may not), and only the ~one row per party is then joined to its account and written.
 */
async function insertStatements(
  tx: DbOrTx,
  run: { id: string; periodEnd: Date; xmin: string; previous: RunRow | undefined },
): Promise<{ invoiceCount: number; payoutCount: number }> {
  const notCoveredBefore = run.previous
    ? sql`and not (p.created_at < ${run.previous.period_end}::timestamptz and p.xid < ${run.previous.snapshot_xmin}::xid8)`
    : sql``;
  // The server's default work_mem (4 MB) makes the per-account aggregation sort and spill to disk; a run gets enough
  // memory to hash ~300 k accounts (and to sort its statements) in memory, for this transaction only. Beyond that
  // PostgreSQL's hash aggregation spills to disk, so a larger ledger is slower, never wrong.
  await tx.execute(sql`set local work_mem = '64MB'`);
  await tx.execute(sql`create temporary table charging_nets on commit drop as
    select n.account_id, n.net from (
      select case when p.kind = 'funding' then p.debit_account_id else p.credit_account_id end as account_id,
        sum(case when p.kind = 'funding' then p.amount_minor else -p.amount_minor end) as net
      from postings p
      where p.kind in ('funding', 'conversion') and p.charging_run_id is null
        and p.created_at < ${run.periodEnd.toISOString()}::timestamptz and p.xid < ${run.xmin}::xid8
        ${notCoveredBefore}
      group by 1
    ) n where n.net <> 0`);
  // Each statement gets a fresh random public id (lib/ids.ts `newIds`), drawn here in one go: far cheaper than
  // deriving one per row in SQL, and sent as one text parameter (a list of 100 k parameters would not fit).
  const [counted] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from charging_nets`);
  const count = counted?.n ?? 0;
  if (count > 0) {
    // The ids are sorted and handed out in party order, and the rows are written in that order, so every index of
    // statements (id; run+party; party) is filled in key order instead of at random places (~0.2 s less per 100 k
    // statements, bench/README.md). The counts come back from the insert itself instead of a second scan.
    const ids = newIds("statement", count).sort().join(",");
    const [written] = await tx.execute<{ invoices: number; payouts: number }>(sql`with written as (
        insert into statements (id, run_id, party_id, currency, kind, amount_minor)
        select ids.id, ${run.id}, n.party_id, n.currency,
          (case when n.net > 0 then 'invoice' else 'payout' end)::statement_kind, abs(n.net)
        from (select a.party_id, a.currency, n.net, row_number() over (order by a.party_id, a.currency) as ordinal
          from charging_nets n join ledger_accounts a on a.id = n.account_id and a.kind = 'party') n
        join unnest(string_to_array(${ids}, ',')) with ordinality as ids(id, ordinal) on ids.ordinal = n.ordinal
        order by n.ordinal
        returning kind)
      select count(*) filter (where kind = 'invoice')::int as invoices,
        count(*) filter (where kind = 'payout')::int as payouts from written`);
    await tx.execute(sql`drop table charging_nets`);
    return { invoiceCount: written?.invoices ?? 0, payoutCount: written?.payouts ?? 0 };
  }
  await tx.execute(sql`drop table charging_nets`);
  return { invoiceCount: 0, payoutCount: 0 };
}

/**
 * Writes a `statement.created` webhook (lib/webhooks: `{ type, timestamp, data }`) to the outbox for every statement
 * of this run whose party is a shop with an endpoint subscribed to it, in the run's transaction. One statement for
 * all of them, and none at all when no endpoint anywhere subscribes (the common case costs one indexed probe).
 */
async function enqueueStatementWebhooks(tx: DbOrTx, run: { runId: string; periodEnd: Date }): Promise<void> {
  const [subscribed] = await tx.execute(sql`select 1 from webhook_endpoints
    where enabled and 'statement.created' = any(event_types) limit 1`);
  if (!subscribed) return;
  await tx.execute(sql`insert into webhook_messages (id, endpoint_id, event_type, payload)
    select scrip_new_id('msg'), e.id, 'statement.created', jsonb_build_object(
      'type', 'statement.created',
      'timestamp', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'data', jsonb_build_object('statementId', s.id, 'kind', s.kind, 'amountMinor', s.amount_minor::text,
        'currency', s.currency, 'periodEnd', ${run.periodEnd.toISOString()}::text))
    from statements s
    join shops sh on sh.party_id = s.party_id
    join webhook_endpoints e on e.shop_id = sh.id and e.enabled and 'statement.created' = any(e.event_types)
    where s.run_id = ${run.runId}`);
}

/**
 * Runs charging for the period ending at `periodEnd` (a UTC midnight, at latest the coming one), exactly once: runs
 * serialise on an advisory lock, a period end is charged at most once (a second start returns the first run),
 * periods only move forward, and the run with all its statements is one transaction, so a run killed half way
 * leaves nothing. Postings committed while it runs fall after its snapshot and go to the next run.
 */
export async function runCharging(
  db: DbOrTx,
  input: {
    actor: Actor;
    periodEnd: Date;
    trigger?: "admin" | "schedule" | "system";
    /** A person confirms with a passkey assertion over chargingRunOperation(periodEnd); the system does not. */
    authorization?: unknown;
    now?: Date;
    ip?: string | null;
  },
): Promise<ChargingRunResult> {
  requirePermission(input.actor, "charging.run");
  const now = input.now ?? new Date();
  const { periodEnd } = input;
  if (Number.isNaN(periodEnd.getTime()) || !isUtcMidnight(periodEnd)) {
    throw new AppError("VALIDATION_FAILED", "A charging period ends at a UTC midnight.");
  }
  // An admin may close the current day early (period end = the next UTC midnight); postings made after the run
  // still go to the next run, by the snapshot bound. Anything later is refused.
  if (periodEnd.getTime() > Math.floor(now.getTime() / 86_400_000) * 86_400_000 + 86_400_000) {
    throw new AppError("VALIDATION_FAILED", "A charging period cannot end after the coming UTC midnight.");
  }
  return db.transaction(async (tx) => {
    if (input.actor.kind === "user") {
      await completeStepUp(tx, {
        actor: input.actor,
        operation: chargingRunOperation(periodEnd),
        response: input.authorization,
        ip: input.ip,
        auditDb: db,
      });
    } else if (input.actor.kind !== "system") {
      throw new AppError("FORBIDDEN", "Only an admin or the scheduler runs charging.");
    }
    await tx.execute(sql`select pg_advisory_xact_lock(${chargingLockKey})`);
    const [existing] = await tx.execute<RunRow>(sql`select id, period_start, period_end, snapshot_xmin::text
      from charging_runs where period_end = ${periodEnd.toISOString()}::timestamptz`);
    if (existing) {
      return {
        runId: existing.id,
        created: false,
        periodStart: new Date(existing.period_start),
        periodEnd,
        ...(await countStatements(tx, existing.id)),
      };
    }
    const [previous] = await tx.execute<RunRow>(sql`select id, period_start, period_end, snapshot_xmin::text
      from charging_runs order by period_end desc limit 1`);
    if (previous && new Date(previous.period_end).getTime() > periodEnd.getTime()) {
      throw new AppError(
        "CONFLICT",
        `A later period (ending ${new Date(previous.period_end).toISOString()}) has already been charged.`,
      );
    }
    const periodStart = previous ? new Date(previous.period_end) : await firstPeriodStart(tx, periodEnd);
    const runId = newId("chargingRun");
    const startedBy = input.actor.kind === "user" ? input.actor.userId : null;
    // The snapshot's xmin, never below the previous run's, so the covered sets only grow.
    const [run] = await tx.execute<{ snapshot_xmin: string }>(sql`insert into charging_runs
        (id, period_start, period_end, status, started_by_user_id, completed_at, snapshot_xmin, trigger)
      values (${runId}, ${periodStart.toISOString()}::timestamptz, ${periodEnd.toISOString()}::timestamptz,
        'completed', ${startedBy}, now(),
        greatest(pg_snapshot_xmin(pg_current_snapshot()), ${previous?.snapshot_xmin ?? "0"}::xid8),
        ${input.trigger ?? "admin"})
      returning snapshot_xmin::text`);
    if (!run) throw new Error("charging run row was not written");
    const counts = await insertStatements(tx, { id: runId, periodEnd, xmin: run.snapshot_xmin, previous });
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
