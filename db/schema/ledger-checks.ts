import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Each run of the ledger check (`npm run ledger:check`, the admin health page) and what it found, so the last
 * result outlives the process that ran it: the metrics endpoint exports the newest row as
 * `scrip_ledger_check_violations` with its time (lib/observability/database-gauges.ts). Append-only; small.
 */
export const ledgerCheckResults = pgTable(
  "ledger_check_results",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    checkedAt: timestamp("checked_at", { withTimezone: true }).notNull().defaultNow(),
    /** How many invariants were violated (0: the ledger is consistent). */
    violationCount: integer("violation_count").notNull(),
    /** The violated invariants' numbers (1–6), empty when consistent. */
    invariants: integer("invariants").array().notNull().default(sql`'{}'::integer[]`),
    /** Who ran it: `command` (npm run ledger:check) or `admin` (the health page). */
    source: text("source").notNull(),
  },
  (t) => [
    index("ledger_check_results_checked_idx").on(t.checkedAt),
    check("ledger_check_results_violations", sql`${t.violationCount} >= 0`),
    check("ledger_check_results_source", sql`${t.source} in ('command', 'admin', 'job')`),
  ],
);
