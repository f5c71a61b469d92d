import { sql } from "drizzle-orm";
import { check, index, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./parties";

/**
 * awaiting_second_approval: one admin confirmed the settlement with their passkey; nothing is settled yet.
 * approved: a second, different admin confirmed the same set with their own passkey, and it was settled.
 */
export const settlementApprovalStatus = pgEnum("settlement_approval_status", [
  "awaiting_second_approval",
  "approved",
]);

/**
 * Dual control of large settlements: a set of statements whose total in some currency is over
 * SCRIP_DUAL_CONTROL_MINOR waits here, with the first admin's passkey assertion, until a different admin
 * confirms exactly this set with their own.
 */
export const settlementApprovals = pgTable(
  "settlement_approvals",
  {
    id: text("id").primaryKey(),
    /** Sorted, distinct statement ids: the exact set both passkey assertions commit to. */
    statementIds: text("statement_ids").array().notNull(),
    status: settlementApprovalStatus("status").notNull().default("awaiting_second_approval"),
    requestedByUserId: text("requested_by_user_id")
      .notNull()
      .references(() => users.id),
    requestedAuthorization: jsonb("requested_authorization").notNull(),
    approvedByUserId: text("approved_by_user_id").references(() => users.id),
    approvedAuthorization: jsonb("approved_authorization"),
    createdAt: createdAt(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    index("settlement_approvals_status_idx").on(t.status, t.createdAt),
    check("settlement_approvals_size", sql`cardinality(${t.statementIds}) between 1 and 200`),
    check(
      "settlement_approvals_decided",
      sql`(${t.status} = 'approved') = (${t.approvedByUserId} is not null and ${t.decidedAt} is not null)`,
    ),
    check(
      "settlement_approvals_two_people",
      sql`${t.approvedByUserId} is null or ${t.approvedByUserId} <> ${t.requestedByUserId}`,
    ),
  ],
);
