import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { partyKind, partyStatus } from "./enums";

/**
 * Owners of coupons and holders of ledger accounts. Coupons, transfers and postings refer to parties only.
 * Credit limits are per party and currency, in party_credit_limits.
 */
export const parties = pgTable(
  "parties",
  {
    id: text("id").primaryKey(),
    kind: partyKind("kind").notNull(),
    displayName: text("display_name").notNull(),
    status: partyStatus("status").notNull().default("active"),
    createdAt: createdAt(),
  },
  (t) => [check("parties_display_name_length", sql`char_length(${t.displayName}) between 1 and 100`)],
);

/** People. Each user has exactly one wallet party. */
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    partyId: text("party_id")
      .notNull()
      .references(() => parties.id),
    handle: text("handle").notNull(),
    displayName: text("display_name").notNull(),
    /** Random WebAuthn user handle (never the database id or the handle). */
    webauthnUserId: text("webauthn_user_id").notNull(),
    isAdmin: boolean("is_admin").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_party_unique").on(t.partyId),
    uniqueIndex("users_handle_lower_unique").on(sql`lower(${t.handle})`),
    uniqueIndex("users_webauthn_user_id_unique").on(t.webauthnUserId),
    check("users_handle_format", sql`${t.handle} ~ '^[A-Za-z0-9_]{3,30}$'`),
    check("users_display_name_length", sql`char_length(${t.displayName}) between 1 and 100`),
  ],
);

/** Request-rate counters (fixed windows) shared by every rate-limited entry point. */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [index("rate_limits_window_idx").on(t.windowStart)],
);
