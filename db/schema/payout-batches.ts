import { sql } from "drizzle-orm";
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { bigintMinor, createdAt } from "./columns";
import { statements } from "./ledger";
import { parties, users } from "./parties";
import { settlementApprovals } from "./settlement-approvals";

/**
 * draft: made, no file taken yet; exported: the bank file was downloaded (with a passkey); sent: an admin marked
 * it sent to the bank (its payouts settled, payout_sent); closed: the bank answered for every payout in it;
 * withdrawn: an admin withdrew it before marking it sent (its payouts go into a later batch).
 */
export const payoutBatchStatus = pgEnum("payout_batch_status", [
  "draft",
  "exported",
  "sent",
  "closed",
  "withdrawn",
]);

/**
 * included: in the bank file; blocked_no_account: the party has no payout account; held_for_review: its payout
 * account changed less than 24 hours before the batch was made; confirmed: the bank booked it; returned: the
 * bank rejected or returned it (the payout is owed again and goes into a later batch); withdrawn: its batch was
 * withdrawn before being marked sent.
 */
export const payoutItemState = pgEnum("payout_item_state", [
  "included",
  "blocked_no_account",
  "held_for_review",
  "confirmed",
  "returned",
  "withdrawn",
]);

/** A payout batch: one currency's open payouts, paid by one bank file (pain.001 for EUR, a CSV otherwise). */
export const payoutBatches = pgTable(
  "payout_batches",
  {
    id: text("id").primaryKey(),
    currency: text("currency").notNull(),
    status: payoutBatchStatus("status").notNull().default("draft"),
    /** The file's MsgId (unique per file for the bank). */
    messageId: text("message_id").notNull(),
    createdByUserId: text("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    /** ReqdExctnDt of the file, fixed on the first export so every download is the same file. */
    executionDate: text("execution_date"),
    exportedAt: timestamp("exported_at", { withTimezone: true }),
    exportedByUserId: text("exported_by_user_id").references(() => users.id),
    /** SHA-256 (hex) of the exported file: a later download must be byte for byte the same. */
    exportedSha256: text("exported_sha256"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    sentByUserId: text("sent_by_user_id").references(() => users.id),
    /** Set when marking it sent went over the dual-control threshold and awaits a second admin. */
    settlementApprovalId: text("settlement_approval_id").references(() => settlementApprovals.id),
    closedAt: timestamp("closed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("payout_batches_message_id_unique").on(t.messageId),
    index("payout_batches_created_idx").on(t.createdAt),
    check("payout_batches_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "payout_batches_exported",
      sql`(${t.status} = 'draft' and ${t.exportedAt} is null or ${t.status} in ('exported', 'sent', 'closed') and ${t.exportedAt} is not null or ${t.status} = 'withdrawn') and (${t.exportedAt} is null) = (${t.exportedSha256} is null)`,
    ),
    check("payout_batches_sent", sql`(${t.status} in ('sent', 'closed')) = (${t.sentAt} is not null)`),
  ],
);

/** One payout statement in a batch; a statement is in at most one batch that still pays it. */
export const payoutBatchItems = pgTable(
  "payout_batch_items",
  {
    id: text("id").primaryKey(),
    batchId: text("batch_id")
      .notNull()
      .references(() => payoutBatches.id),
    statementId: text("statement_id")
      .notNull()
      .references(() => statements.id),
    partyId: text("party_id")
      .notNull()
      .references(() => parties.id),
    amountMinor: bigintMinor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    state: payoutItemState("state").notNull(),
    /** The line's number in the file (InstrId), from 1; null for items left out of it. */
    line: integer("line"),
    /** sepaIdOf(statement id): what the bank repeats in its answer. */
    endToEndId: text("end_to_end_id").notNull(),
    /** The payout account as the payee sees it ("DE•• … 3000"), when the batch was made; null when none. */
    accountMasked: text("account_masked"),
    /** For held_for_review: when the account's 24-hour hold ends. */
    heldUntil: timestamp("held_until", { withTimezone: true }),
    returnReasonCode: text("return_reason_code"),
    returnReasonText: text("return_reason_text"),
    bankAnswerAt: timestamp("bank_answer_at", { withTimezone: true }),
    bankAnswerId: text("bank_answer_id").references(() => bankAnswerImports.id),
  },
  (t) => [
    uniqueIndex("payout_batch_items_statement_in_one_open_batch")
      .on(t.statementId)
      .where(sql`${t.state} in ('included', 'confirmed')`),
    uniqueIndex("payout_batch_items_batch_statement_unique").on(t.batchId, t.statementId),
    index("payout_batch_items_end_to_end_idx").on(t.endToEndId),
    check("payout_batch_items_amount_positive", sql`${t.amountMinor} > 0`),
    check(
      "payout_batch_items_line",
      sql`(${t.line} is not null) = (${t.state} in ('included', 'confirmed', 'returned', 'withdrawn'))`,
    ),
    check("payout_batch_items_reason_length", sql`char_length(${t.returnReasonText}) <= 500`),
  ],
);

/** A bank answer (camt.054 or pain.002) an admin uploaded; the same file (by SHA-256) is imported once. */
export const bankAnswerImports = pgTable(
  "bank_answer_imports",
  {
    id: text("id").primaryKey(),
    sha256: text("sha256").notNull(),
    kind: text("kind").notNull(),
    importedByUserId: text("imported_by_user_id").references(() => users.id),
    importedAt: createdAt(),
    sentCount: integer("sent_count").notNull(),
    returnedCount: integer("returned_count").notNull(),
    notOursCount: integer("not_ours_count").notNull(),
  },
  (t) => [
    uniqueIndex("bank_answer_imports_sha256_unique").on(t.sha256),
    check("bank_answer_imports_kind", sql`${t.kind} in ('camt054', 'pain002')`),
  ],
);
