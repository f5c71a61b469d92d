import { sql } from "drizzle-orm";
import { bigserial, check, index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

/**
 * What changed for whom, for the live stream (lib/live). Written only by the SQL function `scrip_live_event`
 * (and the bulk statements trigger), called from AFTER triggers in the same transaction as the change, which
 * also `pg_notify('scrip_live', …)`: a rolled-back change announces nothing. `id` is the server-sent event id a
 * browser reconnects with (`Last-Event-ID`); rows older than SCRIP_LIVE_RETENTION_SECONDS are purged by a job.
 */
export const liveEvents = pgTable(
  "live_events",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    /** A party id, or `admin` for the back office. */
    audience: text("audience").notNull(),
    /** What kind of thing changed: transfer, coupon, issuance, order, refund, statement, … */
    topic: text("topic").notNull(),
    /** An opaque id the audience may see (the transfer, coupon, order…); may be empty. */
    ref: text("ref").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("live_events_audience_idx").on(t.audience, t.id),
    index("live_events_created_idx").on(t.createdAt),
    check("live_events_audience_length", sql`char_length(${t.audience}) between 1 and 100`),
    check("live_events_topic_length", sql`char_length(${t.topic}) between 1 and 40`),
    check("live_events_ref_length", sql`char_length(${t.ref}) <= 200`),
  ],
);
