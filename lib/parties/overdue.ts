import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { formatDate } from "@/lib/dates/format-date";
import { AppError } from "@/lib/errors";
import { formatMoney, moneyOf } from "@/lib/money/money";

/**
 * The overdue rule, in one place (next to suspension, lib/parties/suspension.ts): a party with an invoice statement
 * still open after its `due_at` (its run's time plus SCRIP_INVOICE_DUE_DAYS) is overdue, and is issued no new
 * coupons until it is paid — neither a person's request (wallet or API) nor an admin's approval of one that waited.
 * Spending, giving, converting and receiving coupons it already holds stay allowed, and so do a shop's refunds
 * (they give a shopper back what they paid). "Due" is compared with the database's clock, the one that stamped it.
 */
export interface OverdueInvoice {
  statementId: string;
  amountMinor: bigint;
  currency: string;
  dueAt: Date;
}

const overdueRow = {
  id: column.text,
  amount_minor: column.bigint,
  currency: column.text,
  due_at: column.date,
};

/** The party's oldest overdue invoice (open, due before now), or null (statements_party_idx). */
export async function findOverdueInvoice(db: DbOrTx, partyId: string): Promise<OverdueInvoice | null> {
  const row = await queryRow(
    db,
    overdueRow,
    sql`select id, amount_minor::text, currency, due_at from statements
      where party_id = ${partyId} and kind = 'invoice' and status = 'open' and due_at <= now()
      order by due_at, id limit 1`,
  );
  return row
    ? { statementId: row.id, amountMinor: row.amount_minor, currency: row.currency, dueAt: row.due_at }
    : null;
}

/** What the party reads (or, `about: "party"`, an admin deciding for it) when an overdue invoice blocks issuance. */
export function overdueMessage(invoice: OverdueInvoice, about: "self" | "party" = "self"): string {
  const amount = formatMoney(moneyOf(invoice.amountMinor, invoice.currency));
  const due = formatDate(invoice.dueAt);
  return about === "self"
    ? `You have an unpaid invoice of ${amount} that was due on ${due}. Pay it first, then request coupons again.`
    : `This party has an unpaid invoice of ${amount} that was due on ${due}; no coupons are issued to it until it is paid.`;
}

/** Refuses new coupons for a party with an overdue invoice (INVOICE_OVERDUE, nothing written). */
export async function assertNoOverdueInvoice(
  db: DbOrTx,
  partyId: string,
  about: "self" | "party" = "self",
): Promise<void> {
  const invoice = await findOverdueInvoice(db, partyId);
  if (invoice) throw new AppError("INVOICE_OVERDUE", overdueMessage(invoice, about));
}

/** For the wallet's request page: why the actor's own party cannot request coupons now, or null (coupons.issue). */
export async function overdueNoticeFor(db: DbOrTx, actor: Actor): Promise<string | null> {
  requirePermission(actor, "coupons.issue");
  if (actor.kind !== "user") return null;
  const invoice = await findOverdueInvoice(db, actor.partyId);
  return invoice ? overdueMessage(invoice) : null;
}
