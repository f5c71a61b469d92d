import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";

/** Most review credits and recent imports the bank page lists. */
export const bankReviewPageMax = 100;
const recentImportsMax = 10;

const reviewRow = {
  id: column.text,
  amount_minor: column.bigint,
  currency: column.text,
  booking_date: column.textOrNull,
  reference: column.textOrNull,
  debtor_name: column.textOrNull,
  status: column.text,
  note: column.textOrNull,
  invoice_reference: column.textOrNull,
  invoice_amount_minor: column.bigintOrNull,
};

const importRow = {
  id: column.text,
  imported_at: column.date,
  credit_count: column.int,
  matched_count: column.int,
  review_count: column.int,
  repeated_count: column.int,
};

/** The payments waiting for an admin (oldest first) and the latest imported statements (admin.read). */
export async function listBankReview(db: DbOrTx, actor: Actor) {
  requirePermission(actor, "admin.read");
  const review = await queryRows(
    db,
    reviewRow,
    sql`select c.id, c.amount_minor::text, c.currency, c.booking_date, c.reference, c.debtor_name, c.status, c.note,
        s.creditor_reference as invoice_reference, s.amount_minor::text as invoice_amount_minor
      from bank_credits c left join statements s on s.id = c.statement_id
      where c.status like 'review_%' order by c.created_at, c.id limit ${bankReviewPageMax}`,
  );
  const imports = await queryRows(
    db,
    importRow,
    sql`select id, imported_at, credit_count, matched_count, review_count, repeated_count
      from bank_statement_imports order by imported_at desc, id limit ${recentImportsMax}`,
  );
  return {
    review: review.map((row) => ({
      id: row.id,
      amountMinor: row.amount_minor,
      currency: row.currency,
      bookingDate: row.booking_date,
      reference: row.reference,
      debtorName: row.debtor_name,
      status: row.status,
      note: row.note,
      invoiceReference: row.invoice_reference,
      invoiceAmountMinor: row.invoice_amount_minor,
    })),
    imports: imports.map((row) => ({
      id: row.id,
      importedAt: row.imported_at,
      credits: row.credit_count,
      matched: row.matched_count,
      review: row.review_count,
      repeated: row.repeated_count,
    })),
  };
}
