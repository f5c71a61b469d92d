import { sql } from "drizzle-orm";
import { bigserial, check, index, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { parties, users } from "./parties";

/**
 * What a notification tells a person. Rows are written by AFTER triggers (migration 0014) in the transaction of
 * the change itself; `security` covers every security event (its row says which).
 */
export const notificationKind = pgEnum("notification_kind", [
  "offer_received",
  "offer_accepted",
  "offer_declined",
  "offer_expired",
  "refund_offered",
  "issuance_approved",
  "issuance_rejected",
  "statement_issued",
  "payout_sent",
  "security",
  "payment_requested",
]);

/**
 * One thing that happened to a person's wallet party. `ref` is the id of the row it is about (a transfer, an
 * issuance request, a statement or a security event, by kind); the words are composed from it when shown.
 * `emailDoneAt` is set once the email was sent (or deliberately not sent: opted out); `emailLeaseUntil` marks a
 * worker sending it now (see lib/notifications/send-notification-emails.ts).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    partyId: text("party_id")
      .notNull()
      .references(() => parties.id),
    kind: notificationKind("kind").notNull(),
    ref: text("ref").notNull(),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
    emailDoneAt: timestamp("email_done_at", { withTimezone: true }),
    emailLeaseUntil: timestamp("email_lease_until", { withTimezone: true }),
  },
  (t) => [
    index("notifications_party_idx").on(t.partyId, t.id),
    index("notifications_unread_idx").on(t.partyId).where(sql`${t.readAt} is null`),
    index("notifications_email_due_idx").on(t.createdAt).where(sql`${t.emailDoneAt} is null`),
    index("notifications_read_idx").on(t.readAt).where(sql`${t.readAt} is not null`),
  ],
);

/**
 * A person's optional email address (one per person). Verified when they open the link sent to it: the link's
 * token is single use, stored only as its SHA-256 hash, and expires. `optedOut` lists the kinds not to email
 * (security emails are sent regardless).
 */
export const emailAddresses = pgTable(
  "email_addresses",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    address: text("address").notNull(),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    tokenHash: text("token_hash"),
    tokenExpiresAt: timestamp("token_expires_at", { withTimezone: true }),
    optedOut: notificationKind("opted_out").array().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
  },
  (t) => [
    index("email_addresses_token_idx").on(t.tokenHash),
    check("email_addresses_address_length", sql`char_length(${t.address}) between 3 and 254`),
    check("email_addresses_token_pair", sql`(${t.tokenHash} is null) = (${t.tokenExpiresAt} is null)`),
  ],
);

/** Mail the embedded demo's local SMTP server received (scripts/start.ts), newest kept, shown to admins. */
export const demoMailbox = pgTable(
  "demo_mailbox",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    mailFrom: text("mail_from").notNull(),
    rcptTo: text("rcpt_to").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    messageId: text("message_id"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("demo_mailbox_received_idx").on(t.receivedAt)],
);
