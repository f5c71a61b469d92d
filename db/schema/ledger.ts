import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  check,
  customType,
  foreignKey,
  index,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { bigintMinor, createdAt } from "./columns";
import { coupons } from "./coupons";
import { accountKind, postingKind, statementKind, statementStatus } from "./enums";
import { parties, users } from "./parties";

/**
 * PostgreSQL `xid8`: a 64-bit transaction id that never wraps. Read as a decimal string (it is only ever
 * compared in SQL, never computed on in JavaScript).
 */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * Ledger accounts, one per (kind, party, currency). A party account's balance (debits − credits) > 0 means
 * the party owes the issuer. `issuer_outstanding` carries funded, unconverted coupon value; `issuer_settlement`
 * carries money in and out at settlement.
 */
export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: text("id").primaryKey(),
    kind: accountKind("kind").notNull(),
    partyId: text("party_id").references(() => parties.id),
    currency: text("currency").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ledger_accounts_kind_party_currency_unique")
      .on(t.kind, t.partyId, t.currency)
      .where(sql`${t.partyId} is not null`),
    uniqueIndex("ledger_accounts_issuer_currency_unique")
      .on(t.kind, t.currency)
      .where(sql`${t.partyId} is null`),
    unique("ledger_accounts_id_currency_unique").on(t.id, t.currency),
    check("ledger_accounts_party_iff_party_kind", sql`(${t.kind} = 'party') = (${t.partyId} is not null)`),
    check("ledger_accounts_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/**
 * A charging run totals unbilled postings created before `periodEnd`; a period is run at most once. A run
 * covers every billable posting with `created_at < period_end` and `xid < snapshot_xmin` (committed before the
 * run's snapshot); both bounds only grow from run to run, so each posting belongs to the first run that covers
 * it and to no other: `scrip_posting_run_id` (migration 0012) is the definition, lib/charging/posting-run-sql.ts
 * the same in bulk. A run and all its statements are written in one transaction, so a run that exists is complete.
 */
export const chargingRuns = pgTable(
  "charging_runs",
  {
    id: text("id").primaryKey(),
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    periodEnd: timestamp("period_end", { withTimezone: true }).notNull(),
    startedByUserId: text("started_by_user_id").references(() => users.id),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** Every transaction with an id below this had finished when the run took its snapshot. */
    snapshotXmin: xid8("snapshot_xmin").notNull().default(sql`pg_snapshot_xmin(pg_current_snapshot())`),
    /** How the run was started: `schedule`, `admin` or `system`. */
    trigger: text("trigger").notNull().default("admin"),
  },
  (t) => [
    uniqueIndex("charging_runs_period_unique").on(t.periodStart, t.periodEnd),
    uniqueIndex("charging_runs_period_end_unique").on(t.periodEnd),
    check("charging_runs_period_order", sql`${t.periodEnd} > ${t.periodStart}`),
  ],
);

/** A party's invoice (net > 0: owes) or payout (net < 0: is owed) for one run and currency. */
export const statements = pgTable(
  "statements",
  {
    id: text("id").primaryKey(),
    // No foreign keys on run_id and party_id: a run writes up to one statement per party, and a per-row
    // foreign-key check locks each party row, which dominated a run's time (figures in bench/README.md).
    // Both hold by construction instead: statements are written only by runCharging, in its run's transaction, for
    // parties taken from their ledger accounts (whose foreign key keeps the party); statements and runs are never
    // deleted or re-pointed (triggers), and checkLedger verifies both references (invariant 5).
    runId: text("run_id").notNull(),
    partyId: text("party_id").notNull(),
    currency: text("currency").notNull(),
    kind: statementKind("kind").notNull(),
    /** Absolute value of the net; always positive (zero nets produce no statement). */
    amountMinor: bigintMinor("amount_minor").notNull(),
    status: statementStatus("status").notNull().default("open"),
    settledAt: timestamp("settled_at", { withTimezone: true }),
    settlementPostingId: text("settlement_posting_id").references((): AnyPgColumn => postings.id),
    /** When an invoice is due (its run's time plus SCRIP_INVOICE_DUE_DAYS); null for payouts. Immutable. */
    dueAt: timestamp("due_at", { withTimezone: true }),
    /**
     * An invoice's ISO 11649 creditor reference ("RF…"), the one payers put on their bank transfer and the bank's
     * camt.053 carries back: drawn from statement_reference_seq (scrip_creditor_reference, migration 0024) when the
     * invoice is written; null for payouts. Unique and immutable.
     */
    creditorReference: text("creditor_reference"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("statements_run_party_currency_unique").on(t.runId, t.partyId, t.currency),
    uniqueIndex("statements_settlement_posting_unique")
      .on(t.settlementPostingId)
      .where(sql`${t.settlementPostingId} is not null`),
    index("statements_party_idx").on(t.partyId),
    check("statements_amount_positive", sql`${t.amountMinor} > 0`),
    check("statements_settled_consistent", sql`(${t.status} = 'settled') = (${t.settledAt} is not null)`),
    check("statements_due_only_invoices", sql`(${t.kind} = 'invoice') = (${t.dueAt} is not null)`),
    uniqueIndex("statements_creditor_reference_unique").on(t.creditorReference),
    check(
      "statements_reference_only_invoices",
      sql`(${t.kind} = 'invoice') = (${t.creditorReference} is not null)`,
    ),
  ],
);

/**
 * Immutable double-entry postings: each debits one account and credits another with a positive amount in the
 * accounts' common currency. Which charging run billed a posting is derived from `created_at` and `xid`
 * (scrip_posting_run_id), so charging never updates postings.
 */
export const postings = pgTable(
  "postings",
  {
    id: text("id").primaryKey(),
    kind: postingKind("kind").notNull(),
    debitAccountId: text("debit_account_id").notNull(),
    creditAccountId: text("credit_account_id").notNull(),
    amountMinor: bigintMinor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    couponId: text("coupon_id").references(() => coupons.id),
    statementId: text("statement_id").references((): AnyPgColumn => statements.id),
    memo: text("memo"),
    /** For a payout_returned posting: the payout_sent it reverses (each is reversed at most once). */
    reversesPostingId: text("reverses_posting_id").references((): AnyPgColumn => postings.id),
    createdAt: createdAt(),
    /** The inserting transaction's id: with `created_at` it decides which charging run covers the posting. */
    xid: xid8("xid").notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    foreignKey({
      name: "postings_debit_account_currency_fk",
      columns: [t.debitAccountId, t.currency],
      foreignColumns: [ledgerAccounts.id, ledgerAccounts.currency],
    }),
    foreignKey({
      name: "postings_credit_account_currency_fk",
      columns: [t.creditAccountId, t.currency],
      foreignColumns: [ledgerAccounts.id, ledgerAccounts.currency],
    }),
    uniqueIndex("postings_one_funding_per_coupon").on(t.couponId).where(sql`${t.kind} = 'funding'`),
    uniqueIndex("postings_one_conversion_per_coupon").on(t.couponId).where(sql`${t.kind} = 'conversion'`),
    // An invoice is settled once. A payout is sent once per time it is owed: a payout_sent may follow only a
    // payout_returned of the one before (trigger scrip_guard_payout_sent, migration 0023; ledger check 5).
    uniqueIndex("postings_one_invoice_settled_per_statement")
      .on(t.statementId)
      .where(sql`${t.statementId} is not null and ${t.kind} = 'invoice_settled'`),
    uniqueIndex("postings_one_return_per_payout")
      .on(t.reversesPostingId)
      .where(sql`${t.reversesPostingId} is not null`),
    index("postings_statement_idx").on(t.statementId).where(sql`${t.statementId} is not null`),
    // Time-ordered reads: the oldest posting (a first run's start), recent volume, the exports' order.
    index("postings_created_at_idx").on(t.createdAt),
    index("postings_xid_idx").on(t.xid),
    index("postings_debit_idx").on(t.debitAccountId),
    index("postings_credit_idx").on(t.creditAccountId),
    check("postings_amount_positive", sql`${t.amountMinor} > 0`),
    check("postings_distinct_accounts", sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check(
      "postings_coupon_kinds_have_coupon",
      sql`${t.kind} not in ('funding', 'conversion') or ${t.couponId} is not null`,
    ),
    check(
      "postings_return_reverses_a_payout",
      // Only a payout_returned reverses a posting, and it names its statement.
      sql`(${t.kind} = 'payout_returned') = (${t.reversesPostingId} is not null) and (${t.reversesPostingId} is null or ${t.statementId} is not null)`,
    ),
  ],
);
