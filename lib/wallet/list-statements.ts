import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";

export interface StatementLine {
  id: string;
  runId: string;
  periodStart: Date;
  periodEnd: Date;
  currency: string;
  kind: "invoice" | "payout";
  amountMinor: bigint;
  status: "open" | "settled";
  settledAt: Date | null;
  /** When an invoice is due; null for payouts. */
  dueAt: Date | null;
  /** An invoice's RF payment reference; null for payouts. */
  creditorReference: string | null;
}

export interface PostingLine {
  id: string;
  kind: string;
  currency: string;
  /** Signed from the party's side: > 0 the party owes (debit), < 0 the party is owed (credit). */
  amountMinor: bigint;
  couponId: string | null;
  memo: string | null;
  createdAt: Date;
  /** The charging run that billed it, derived from its time and transaction (scrip_posting_run_id); null while unbilled. */
  chargingRunId: string | null;
  /** False for settlement postings, which settle a statement and are never billed. */
  billable: boolean;
}

/** Most rows one statements page lists. */
export const statementsPageMax = 200;

/** A party's invoices and payouts, newest run first. */
export async function listStatements(db: DbOrTx, partyId: string): Promise<StatementLine[]> {
  const rows = await queryRows(
    db,
    {
      id: column.text,
      run_id: column.text,
      period_start: column.date,
      period_end: column.date,
      currency: column.text,
      kind: z.enum(["invoice", "payout"]),
      amount_minor: column.bigint,
      status: z.enum(["open", "settled"]),
      settled_at: column.date.nullable(),
      due_at: column.date.nullable(),
      creditor_reference: column.textOrNull,
    },
    sql`
    select s.id, s.run_id, r.period_start, r.period_end, s.currency, s.kind, s.amount_minor::text, s.status, s.settled_at, s.due_at, s.creditor_reference
    from statements s join charging_runs r on r.id = s.run_id
    where s.party_id = ${partyId} order by r.period_end desc, s.currency limit ${statementsPageMax}`,
  );
  return rows.map((row) => ({
    id: row.id,
    runId: row.run_id,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    currency: row.currency,
    kind: row.kind,
    amountMinor: row.amount_minor,
    status: row.status,
    settledAt: row.settled_at,
    dueAt: row.due_at,
    creditorReference: row.creditor_reference,
  }));
}

/** A party's postings, newest first, signed from its side, with what each was for. */
export async function listPartyPostings(db: DbOrTx, partyId: string): Promise<PostingLine[]> {
  const rows = await queryRows(
    db,
    {
      id: column.text,
      kind: column.text,
      currency: column.text,
      signed: column.bigint,
      coupon_id: column.textOrNull,
      memo: column.textOrNull,
      created_at: column.date,
      charging_run_id: column.textOrNull,
      billable: column.boolean,
    },
    sql`
    select p.id, p.kind, p.currency,
      (case when a.id = p.debit_account_id then p.amount_minor else -p.amount_minor end)::text as signed,
      p.coupon_id, p.memo, p.created_at, scrip_posting_run_id(p) as charging_run_id,
      scrip_posting_billable(p.kind) as billable
    from ledger_accounts a
      join postings p on p.debit_account_id = a.id or p.credit_account_id = a.id
    where a.kind = 'party' and a.party_id = ${partyId}
    order by p.created_at desc, p.id limit ${statementsPageMax}`,
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    currency: row.currency,
    amountMinor: row.signed,
    couponId: row.coupon_id,
    memo: row.memo,
    createdAt: row.created_at,
    chargingRunId: row.charging_run_id,
    billable: row.billable,
  }));
}
