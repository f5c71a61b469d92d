import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { bigintMinor, createdAt } from "./columns";
import { campaignKind, campaignStatus } from "./enums";
import { postings } from "./ledger";
import { parties, users } from "./parties";

/**
 * A sponsored campaign (#19): a sponsor party issues `couponCount` coupons of `amountMinor` at once, either as
 * directed offers to a list of recipients (`campaign_recipients`, index 0…count−1) or as one-time claim codes
 * (derived from `claimCodeSecret`, lib/campaigns/contract.ts). Coupons are prepaid: each issued slice of coupons is
 * funded by one `campaign_funding` posting against the sponsor (`campaign_slices`). `issuedCount` is the number of
 * coupons issued so far (indexes 0…issuedCount−1); it only grows, in the same transaction as the slice it counts.
 */
export const campaigns = pgTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    sponsorPartyId: text("sponsor_party_id")
      .notNull()
      .references(() => parties.id),
    createdByUserId: text("created_by_user_id").references(() => users.id),
    /** The sponsor's name for it ("Spring vouchers 2027"), shown to recipients. */
    name: text("name").notNull(),
    kind: campaignKind("kind").notNull(),
    amountMinor: bigintMinor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    couponCount: integer("coupon_count").notNull(),
    /** When every coupon of the campaign expires (and its offer or claim code with it). */
    couponExpiresAt: timestamp("coupon_expires_at", { withTimezone: true }).notNull(),
    status: campaignStatus("status").notNull(),
    issuedCount: integer("issued_count").notNull().default(0),
    /** The creator's passkey assertion committing to the campaign (sponsor, name, kind, value, count, expiry). */
    authorization: jsonb("authorization").notNull(),
    /** For claim codes: the HMAC secret the codes derive from, encrypted under SCRIP_KEY_ENCRYPTION_KEY. */
    claimCodeSecret: text("claim_code_secret"),
    decidedByUserId: text("decided_by_user_id").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    reason: text("reason"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("campaigns_sponsor_idx").on(t.sponsorPartyId, t.createdAt),
    index("campaigns_status_idx").on(t.status),
    check("campaigns_amount_positive", sql`${t.amountMinor} > 0`),
    check("campaigns_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("campaigns_count_range", sql`${t.couponCount} between 1 and 1000000`),
    check("campaigns_issued_range", sql`${t.issuedCount} between 0 and ${t.couponCount}`),
    check(
      "campaigns_codes_have_secret",
      sql`(${t.kind} = 'claim_codes') = (${t.claimCodeSecret} is not null)`,
    ),
  ],
);

/** The recipients of a `recipients` campaign, in upload order: coupon `index` is offered to `partyId`. */
export const campaignRecipients = pgTable(
  "campaign_recipients",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    index: integer("index").notNull(),
    partyId: text("party_id")
      .notNull()
      .references(() => parties.id),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.index] }),
    check("campaign_recipients_index", sql`${t.index} >= 0`),
  ],
);

/**
 * One issued slice of a campaign: coupons `fromIndex` … `toIndex − 1`, written with their funding posting in one
 * transaction. Slices never overlap and are written in order (fromIndex = the campaign's issuedCount before it).
 */
export const campaignSlices = pgTable(
  "campaign_slices",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    fromIndex: integer("from_index").notNull(),
    toIndex: integer("to_index").notNull(),
    /** The `campaign_funding` posting: debits the sponsor, credits issuer:outstanding, (to − from) × amount. */
    postingId: text("posting_id")
      .notNull()
      .unique()
      .references(() => postings.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.fromIndex] }),
    check("campaign_slices_range", sql`${t.toIndex} > ${t.fromIndex} and ${t.fromIndex} >= 0`),
  ],
);
