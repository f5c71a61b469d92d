import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { column, queryRows, type RowOf } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { plainText } from "@/lib/validation/text";

/** Filters of the admin statements list; every field optional, all bounded. */
export const statementFiltersSchema = z.object({
  runId: plainText("a run id").max(40).optional(),
  kind: z.enum(["invoice", "payout"]).optional(),
  status: z.enum(["open", "settled"]).optional(),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  /** A party id, a user's handle or a shop's display name (prefix, case-insensitive). */
  party: z
    .string()
    .trim()
    .max(100)
    .transform((value) => value.replace(/^@/, ""))
    .optional(),
});
export type StatementFilters = z.infer<typeof statementFiltersSchema>;

export interface AdminStatement {
  id: string;
  runId: string;
  periodEnd: Date;
  partyId: string;
  partyName: string;
  partyKind: "user" | "shop";
  handle: string | null;
  currency: string;
  kind: "invoice" | "payout";
  amountMinor: bigint;
  status: "open" | "settled";
  settledAt: Date | null;
  settlementPostingId: string | null;
  /** When an invoice is due; null for payouts. */
  dueAt: Date | null;
}

/** Most statements one page lists (the CSV export streams them all: csv.ts). */
export const statementsListMax = 500;

/** The WHERE clause of the filters (shared by the page and the CSV export). */
export function statementFilterSql(filters: StatementFilters): SQL {
  const conditions: SQL[] = [sql`true`];
  if (filters.runId) conditions.push(sql`s.run_id = ${filters.runId}`);
  if (filters.kind) conditions.push(sql`s.kind = ${filters.kind}::statement_kind`);
  if (filters.status) conditions.push(sql`s.status = ${filters.status}::statement_status`);
  if (filters.currency) conditions.push(sql`s.currency = ${filters.currency}`);
  if (filters.party) {
    const prefix = `${filters.party.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(s.party_id = ${filters.party} or lower(u.handle) like lower(${prefix})
      or lower(pa.display_name) like lower(${prefix}))`);
  }
  return sql.join(conditions, sql` and `);
}

/** A statement row as `statementsQuery` selects it, as a `queryRows` shape. */
export const statementQueryRow = {
  id: column.text,
  run_id: column.text,
  period_end: column.date,
  party_id: column.text,
  display_name: column.text,
  party_kind: column.oneOf(["user", "shop"]),
  handle: column.textOrNull,
  currency: column.text,
  kind: column.oneOf(["invoice", "payout"]),
  amount_minor: column.bigint,
  status: column.oneOf(["open", "settled"]),
  settled_at: column.dateOrNull,
  settlement_posting_id: column.textOrNull,
  due_at: column.dateOrNull,
};
export type StatementQueryRow = RowOf<typeof statementQueryRow>;

/** The statements matching the filters with their run and party, newest run first (the page and the CSV). */
export function statementsQuery(filters: StatementFilters): SQL {
  return sql`select s.id, s.run_id, r.period_end, s.party_id, pa.display_name, pa.kind::text as party_kind, u.handle,
      s.currency, s.kind::text as kind, s.amount_minor::text, s.status::text as status, s.settled_at, s.settlement_posting_id,
      s.due_at
    from statements s join charging_runs r on r.id = s.run_id join parties pa on pa.id = s.party_id
      left join users u on u.party_id = s.party_id
    where ${statementFilterSql(filters)}
    order by r.period_end desc, s.currency, s.kind, s.amount_minor desc, s.id`;
}

export function toAdminStatement(row: StatementQueryRow): AdminStatement {
  return {
    id: row.id,
    runId: row.run_id,
    periodEnd: row.period_end,
    partyId: row.party_id,
    partyName: row.display_name,
    partyKind: row.party_kind,
    handle: row.handle,
    currency: row.currency,
    kind: row.kind,
    amountMinor: row.amount_minor,
    status: row.status,
    settledAt: row.settled_at,
    settlementPostingId: row.settlement_posting_id,
    dueAt: row.due_at,
  };
}

/** Statements matching the filters, newest run first, at most `limit` (≤ statementsListMax; admins only). */
export async function searchStatements(
  db: DbOrTx,
  input: { actor: Actor; filters: StatementFilters; limit?: number },
): Promise<AdminStatement[]> {
  requirePermission(input.actor, "admin.read");
  const limit = Math.min(Math.max(input.limit ?? 100, 1), statementsListMax);
  const rows = await queryRows(db, statementQueryRow, sql`${statementsQuery(input.filters)} limit ${limit}`);
  return rows.map(toAdminStatement);
}
