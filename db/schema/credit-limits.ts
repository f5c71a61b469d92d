import { sql } from "drizzle-orm";
import { check, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { bigintMinor } from "./columns";
import { parties } from "./parties";

/**
 * A party's own credit limit in one currency: the most unfunded + unbilled + billed-but-unpaid value it may
 * hold as requester in that currency. No row: the default limit of that currency (SCRIP_DEFAULT_CREDIT_LIMIT).
 */
export const partyCreditLimits = pgTable(
  "party_credit_limits",
  {
    partyId: text("party_id")
      .notNull()
      .references(() => parties.id),
    currency: text("currency").notNull(),
    limitMinor: bigintMinor("limit_minor").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "party_credit_limits_pk", columns: [t.partyId, t.currency] }),
    check("party_credit_limits_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("party_credit_limits_nonnegative", sql`${t.limitMinor} >= 0`),
  ],
);
