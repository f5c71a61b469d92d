import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { bigintMinor, createdAt } from "./columns";
import { couponEventKind, couponStatus, issuanceStatus, transferStatus } from "./enums";
import { parties, users } from "./parties";
import { orders } from "./shops";

/** A party's request for a new coupon; above the approval threshold an admin decides. */
export const issuanceRequests = pgTable(
  "issuance_requests",
  {
    id: text("id").primaryKey(),
    partyId: text("party_id")
      .notNull()
      .references(() => parties.id),
    requestedByUserId: text("requested_by_user_id").references(() => users.id),
    amountMinor: bigintMinor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    expiresInDays: integer("expires_in_days").notNull(),
    status: issuanceStatus("status").notNull(),
    /** The requester's passkey assertion (or issuer attestation) committing to the request. */
    authorization: jsonb("authorization"),
    couponId: text("coupon_id"),
    decidedByUserId: text("decided_by_user_id").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [
    index("issuance_requests_party_idx").on(t.partyId, t.createdAt),
    index("issuance_requests_status_idx").on(t.status),
    check("issuance_requests_amount_positive", sql`${t.amountMinor} > 0`),
    check("issuance_requests_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("issuance_requests_expiry_range", sql`${t.expiresInDays} between 1 and 3660`),
  ],
);

/**
 * A coupon: a fixed value owned by exactly one party. Value, currency and requester never change;
 * the owner changes only through an accepted transfer, which increments `version`.
 */
export const coupons = pgTable(
  "coupons",
  {
    id: text("id").primaryKey(),
    amountMinor: bigintMinor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    requesterPartyId: text("requester_party_id")
      .notNull()
      .references(() => parties.id),
    ownerPartyId: text("owner_party_id")
      .notNull()
      .references(() => parties.id),
    version: integer("version").notNull().default(1),
    funded: boolean("funded").notNull().default(false),
    status: couponStatus("status").notNull().default("active"),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    parentId: text("parent_id").references((): AnyPgColumn => coupons.id),
    issuanceRequestId: text("issuance_request_id").references(() => issuanceRequests.id),
    /** kid of the value key that signed the value part, and the base64url Ed25519 signature. */
    valueKid: text("value_kid").notNull(),
    valueSignature: text("value_signature").notNull(),
    /** The current owner part: who signed the binding (coupon id, owner, version) and how. */
    ownerAttestation: jsonb("owner_attestation").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** For the change of a purchase: the order whose checkout split it off (set once, in the split's transaction). */
    changeOrderId: text("change_order_id").references((): AnyPgColumn => orders.id),
    /**
     * A campaign's coupon: its campaign and index (0 … count − 1); at most one coupon per (campaign, index). No
     * foreign key (bulk issue writes a million rows): npm run ledger:check verifies the campaign exists.
     */
    campaignId: text("campaign_id"),
    campaignIndex: integer("campaign_index"),
  },
  (t) => [
    index("coupons_owner_idx").on(t.ownerPartyId, t.status),
    index("coupons_requester_idx").on(t.requesterPartyId),
    index("coupons_parent_idx").on(t.parentId),
    index("coupons_expires_idx").on(t.expiresAt).where(sql`${t.status} in ('active', 'offered')`),
    check("coupons_amount_positive", sql`${t.amountMinor} > 0`),
    check("coupons_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("coupons_version_positive", sql`${t.version} >= 1`),
    check("coupons_expiry_after_issue", sql`${t.expiresAt} > ${t.issuedAt}`),
    check("coupons_not_own_parent", sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
    index("coupons_change_order_idx").on(t.changeOrderId).where(sql`${t.changeOrderId} is not null`),
    check("coupons_change_is_split_piece", sql`${t.changeOrderId} is null or ${t.parentId} is not null`),
    uniqueIndex("coupons_campaign_index_unique")
      .on(t.campaignId, t.campaignIndex)
      .where(sql`${t.campaignId} is not null`),
    check("coupons_campaign_pair", sql`(${t.campaignId} is null) = (${t.campaignIndex} is null)`),
  ],
);

/**
 * A gift of several coupons offered as one (#15): one pending offer for the giver and the receiver, accepted,
 * declined, cancelled or expired as a whole. Its transfers share its status, recipient (or claim code hash)
 * and expiry, and their coupons' values add up to `amountMinor` (npm run ledger:check).
 */
export const transferGroups = pgTable(
  "transfer_groups",
  {
    id: text("id").primaryKey(),
    fromPartyId: text("from_party_id")
      .notNull()
      .references(() => parties.id),
    toPartyId: text("to_party_id").references(() => parties.id),
    /** SHA-256 of the one-time claim code of an open gift; its transfers carry the same hash. */
    claimCodeHash: text("claim_code_hash"),
    amountMinor: bigintMinor("amount_minor").notNull(),
    currency: text("currency").notNull(),
    status: transferStatus("status").notNull().default("pending"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedByPartyId: text("accepted_by_party_id").references(() => parties.id),
    createdAt: createdAt(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("transfer_groups_claim_code_hash_unique").on(t.claimCodeHash),
    index("transfer_groups_to_party_idx").on(t.toPartyId, t.status),
    check("transfer_groups_amount_positive", sql`${t.amountMinor} > 0`),
    check("transfer_groups_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("transfer_groups_has_recipient", sql`${t.toPartyId} is not null or ${t.claimCodeHash} is not null`),
    check("transfer_groups_not_to_self", sql`${t.toPartyId} is null or ${t.toPartyId} <> ${t.fromPartyId}`),
  ],
);

/**
 * A two-phase owner change. Directed (toPartyId) or open (claimCodeHash). The transferor's authorisation
 * commits to (coupon, version, recipient, expiry); accepting needs the coupon still at `couponVersion`.
 */
export const transfers = pgTable(
  "transfers",
  {
    id: text("id").primaryKey(),
    couponId: text("coupon_id")
      .notNull()
      .references(() => coupons.id),
    couponVersion: integer("coupon_version").notNull(),
    fromPartyId: text("from_party_id")
      .notNull()
      .references(() => parties.id),
    toPartyId: text("to_party_id").references(() => parties.id),
    /** SHA-256 of the one-time claim code of an open transfer; the code itself is never stored. */
    claimCodeHash: text("claim_code_hash"),
    status: transferStatus("status").notNull().default("pending"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    transferorAuthorization: jsonb("transferor_authorization").notNull(),
    acceptorAuthorization: jsonb("acceptor_authorization"),
    /** The party that accepted (for open transfers, whoever held the code). */
    acceptedByPartyId: text("accepted_by_party_id").references(() => parties.id),
    orderId: text("order_id").references((): AnyPgColumn => orders.id),
    /** The gift of several coupons this transfer is part of (null: a transfer on its own). */
    groupId: text("group_id").references(() => transferGroups.id),
    createdAt: createdAt(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("transfers_one_pending_per_coupon").on(t.couponId).where(sql`${t.status} = 'pending'`),
    uniqueIndex("transfers_one_accept_per_version")
      .on(t.couponId, t.couponVersion)
      .where(sql`${t.status} = 'accepted'`),
    uniqueIndex("transfers_claim_code_hash_unique").on(t.claimCodeHash).where(sql`${t.groupId} is null`),
    index("transfers_group_idx").on(t.groupId).where(sql`${t.groupId} is not null`),
    index("transfers_to_party_idx").on(t.toPartyId, t.status),
    index("transfers_from_party_idx").on(t.fromPartyId, t.status),
    index("transfers_pending_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'pending'`),
    check("transfers_has_recipient", sql`${t.toPartyId} is not null or ${t.claimCodeHash} is not null`),
    check("transfers_not_to_self", sql`${t.toPartyId} is null or ${t.toPartyId} <> ${t.fromPartyId}`),
    check(
      "transfers_accepted_has_acceptor",
      sql`${t.status} <> 'accepted' or (${t.acceptedByPartyId} is not null and ${t.acceptorAuthorization} is not null)`,
    ),
  ],
);

/** Append-only, hash-chained progress history of a coupon (claims 9, 16, 23). */
export const couponEvents = pgTable(
  "coupon_events",
  {
    id: text("id").primaryKey(),
    couponId: text("coupon_id")
      .notNull()
      .references(() => coupons.id),
    seq: integer("seq").notNull(),
    kind: couponEventKind("kind").notNull(),
    actorPartyId: text("actor_party_id").references(() => parties.id),
    actorUserId: text("actor_user_id").references(() => users.id),
    fromPartyId: text("from_party_id").references(() => parties.id),
    toPartyId: text("to_party_id").references(() => parties.id),
    /** Coupon version after this event. */
    version: integer("version").notNull(),
    transferId: text("transfer_id").references(() => transfers.id),
    data: jsonb("data").notNull().default({}),
    prevHash: text("prev_hash"),
    hash: text("hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("coupon_events_coupon_seq_unique").on(t.couponId, t.seq),
    /** The coupons a party ever held (issued to them or accepted by them): the wallet's history. */
    index("coupon_events_holder_idx")
      .on(t.toPartyId, t.couponId)
      .where(sql`${t.kind} in ('issued', 'accepted')`),
    check("coupon_events_seq_positive", sql`${t.seq} >= 1`),
    check("coupon_events_chain", sql`(${t.seq} = 1) = (${t.prevHash} is null)`),
  ],
);
