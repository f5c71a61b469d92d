import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { streamCsv } from "./csv";
import { formatMinor } from "./format-minor";

/**
 * Postings as CSV with their party side and charging run: the postings of one run when `runId` is given,
 * otherwise the billable postings no run has covered yet; all of them, as a streamed download (admins only).
 */
export async function exportPostingsCsv(
  db: DbOrTx,
  input: { actor: Actor; runId?: string | null; pageRows?: number },
): Promise<ReadableStream<Uint8Array>> {
  requirePermission(input.actor, "admin.read");
  // Which postings: a run's cover, or what no run covers yet, written out from the run bounds (covered sets only
  // grow from run to run, so "in run R" is "covered by R and not by the run before it") instead of calling
  // scrip_posting_run_id per row, a subquery for each of possibly millions of postings.
  const covered = (run: string) =>
    sql`(p.created_at < ${sql.raw(run)}.period_end and p.xid < ${sql.raw(run)}.snapshot_xmin)`;
  const cover = input.runId
    ? sql`with this_run as (select id, period_end, snapshot_xmin from charging_runs
          where id = ${input.runId} and status = 'completed'),
        run_before as (select r.period_end, r.snapshot_xmin from charging_runs r, this_run
          where r.status = 'completed' and r.period_end < this_run.period_end order by r.period_end desc limit 1)
        select p.*, this_run.id as run_id from postings p cross join this_run left join run_before on true
        where p.charging_run_id = this_run.id or (p.charging_run_id is null and p.kind in ('funding', 'conversion')
          and ${covered("this_run")} and not coalesce(${covered("run_before")}, false))`
    : sql`with last_run as (select period_end, snapshot_xmin from charging_runs where status = 'completed'
          order by period_end desc limit 1)
        select p.*, null::text as run_id from postings p left join last_run on true
        where p.charging_run_id is null and p.kind in ('funding', 'conversion')
          and not coalesce(${covered("last_run")}, false)`;
  return streamCsv<{
    id: string;
    kind: string;
    created_at: string;
    currency: string;
    amount_minor: string;
    debit: string;
    credit: string;
    party_id: string | null;
    coupon_id: string | null;
    statement_id: string | null;
    run_id: string | null;
  }>(db, {
    header: [
      "posting_id",
      "kind",
      "created_at",
      "currency",
      "amount_minor",
      "amount",
      "debit",
      "credit",
      "coupon_id",
      "statement_id",
      "run_id",
    ],
    query: sql`select p.id, p.kind::text as kind, p.created_at, p.currency, p.amount_minor::text,
      coalesce(d.party_id, d.kind::text) as debit, coalesce(c.party_id, c.kind::text) as credit,
      coalesce(d.party_id, c.party_id) as party_id, p.coupon_id, p.statement_id, p.run_id
    from (${cover}) p join ledger_accounts d on d.id = p.debit_account_id join ledger_accounts c on c.id = p.credit_account_id
    order by p.created_at, p.id`,
    pageRows: input.pageRows,
    toCells: (row) => [
      row.id,
      row.kind,
      new Date(row.created_at),
      row.currency,
      BigInt(row.amount_minor),
      formatMinor(BigInt(row.amount_minor), row.currency),
      row.debit,
      row.credit,
      row.coupon_id,
      row.statement_id,
      row.run_id,
    ],
  });
}
