import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";

/** Most overdue invoices one list shows (the oldest first). */
export const overdueListMax = 100;

export interface OverdueInvoiceRow {
  statementId: string;
  partyId: string;
  partyName: string;
  handle: string | null;
  amountMinor: bigint;
  currency: string;
  dueAt: Date;
  /** Whole days since it fell due (0 on the day it did). */
  daysOverdue: number;
}

const row = {
  id: column.text,
  party_id: column.text,
  display_name: column.text,
  handle: column.textOrNull,
  amount_minor: column.bigint,
  currency: column.text,
  due_at: column.date,
  days_overdue: column.int,
};

/**
 * Invoices still open after their due date (lib/parties/overdue.ts: their parties are issued no new coupons), the
 * longest overdue first, at most `limit`; of one party when `partyId` is given (admins only, admin.read).
 */
export async function listOverdueInvoices(
  db: DbOrTx,
  actor: Actor,
  input: { partyId?: string; limit?: number } = {},
): Promise<OverdueInvoiceRow[]> {
  requirePermission(actor, "admin.read");
  const limit = Math.min(Math.max(input.limit ?? overdueListMax, 1), overdueListMax);
  const rows = await queryRows(
    db,
    row,
    sql`select s.id, s.party_id, pa.display_name, u.handle, s.amount_minor::text, s.currency, s.due_at,
        floor(extract(epoch from now() - s.due_at) / 86400)::int as days_overdue
      from statements s join parties pa on pa.id = s.party_id left join users u on u.party_id = s.party_id
      where s.kind = 'invoice' and s.status = 'open' and s.due_at <= now()
        ${input.partyId ? sql`and s.party_id = ${input.partyId}` : sql``}
      order by s.due_at, s.id limit ${limit}`,
  );
  return rows.map((r) => ({
    statementId: r.id,
    partyId: r.party_id,
    partyName: r.display_name,
    handle: r.handle,
    amountMinor: r.amount_minor,
    currency: r.currency,
    dueAt: r.due_at,
    daysOverdue: r.days_overdue,
  }));
}
