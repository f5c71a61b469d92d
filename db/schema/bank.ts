import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { bigintMinor, createdAt } from "./columns";
import { postings, statements } from "./ledger";
import { users } from "./parties";

/**
 * One uploaded camt.053 bank statement of Scrip's account (lib/reconciliation/import-bank-statement.ts): the same
 * file (by SHA-256) is imported once; what it did is counted here, each credit it held is a bank_credits row.
 */
export const bankStatementImports = pgTable(
  "bank_statement_imports",
  {
    id: text("id").primaryKey(),
    sha256: text("sha256").notNull(),
    /** The file's first Stmt/Id (the bank's id of the statement). */
    bankStatementId: text("bank_statement_id").notNull(),
    accountIban: text("account_iban").notNull(),
    importedByUserId: text("imported_by_user_id").references(() => users.id),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
    creditCount: integer("credit_count").notNull(),
    matchedCount: integer("matched_count").notNull(),
    reviewCount: integer("review_count").notNull(),
    /** Credits already imported from an earlier file (same key): left as they were. */
    repeatedCount: integer("repeated_count").notNull(),
  },
  (t) => [
    uniqueIndex("bank_statement_imports_sha256_unique").on(t.sha256),
    check("bank_statement_imports_sha256_format", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

/**
 * One incoming credit on Scrip's account, from an import, under the bank's stable key (camt053.ts
 * `incomingCreditsOf`): unique, so a credit is applied at most once across all files. `matched` settled the
 * invoice `statement_id` through `posting_id` on import; the `review_*` ones wait for an admin, who matches one by
 * hand (`matched_by_hand`, same link) or dismisses it (`dismissed`, with a note).
 */
export const bankCredits = pgTable(
  "bank_credits",
  {
    id: text("id").primaryKey(),
    importId: text("import_id")
      .notNull()
      .references(() => bankStatementImports.id),
    creditKey: text("credit_key").notNull(),
    amountMinor: bigintMinor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    bookingDate: text("booking_date"),
    reference: text("reference"),
    debtorName: text("debtor_name"),
    status: text("status").notNull(),
    statementId: text("statement_id").references(() => statements.id),
    postingId: text("posting_id").references(() => postings.id),
    note: text("note"),
    resolvedByUserId: text("resolved_by_user_id").references(() => users.id),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("bank_credits_key_unique").on(t.creditKey),
    uniqueIndex("bank_credits_posting_unique").on(t.postingId).where(sql`${t.postingId} is not null`),
    index("bank_credits_review_idx").on(t.status).where(sql`${t.status} like 'review_%'`),
    check("bank_credits_amount_positive", sql`${t.amountMinor} > 0`),
    check(
      "bank_credits_status",
      sql`${t.status} in ('matched', 'review_partial', 'review_unmatched', 'review_overpaid', 'dismissed', 'matched_by_hand')`,
    ),
    check(
      "bank_credits_matched_link",
      sql`(${t.status} in ('matched', 'matched_by_hand')) = (${t.postingId} is not null and ${t.statementId} is not null)`,
    ),
    check("bank_credits_note_length", sql`char_length(${t.note}) <= 500`),
  ],
);
