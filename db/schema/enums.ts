import { pgEnum } from "drizzle-orm/pg-core";

/** A party is anything that can own coupons and hold a ledger account: a person's wallet or a shop. */
export const partyKind = pgEnum("party_kind", ["user", "shop"]);
/** active: may act; suspended: sessions ended, no new transfers out. */
export const partyStatus = pgEnum("party_status", ["active", "suspended"]);

/** Shop membership roles: owners manage members and money, staff run day-to-day work. */
export const shopRole = pgEnum("shop_role", ["owner", "staff"]);

/**
 * Coupon lifecycle (DESIGN.md):
 * active → offered (pending transfer) → active (new or same owner);
 * active → split | converted | expired | void | revoked. expired funded coupons may still convert.
 */
export const couponStatus = pgEnum("coupon_status", [
  "active",
  "offered",
  "split",
  "converted",
  "expired",
  "void",
  "revoked",
]);

/** Issuance request: requested → issued | awaiting_approval → issued | rejected. */
export const issuanceStatus = pgEnum("issuance_status", [
  "requested",
  "awaiting_approval",
  "issued",
  "rejected",
]);

/** Two-phase transfer: pending → accepted | declined | cancelled | expired. */
export const transferStatus = pgEnum("transfer_status", [
  "pending",
  "accepted",
  "declined",
  "cancelled",
  "expired",
]);

/** Every kind of coupon event in the progress timeline. */
export const couponEventKind = pgEnum("coupon_event_kind", [
  "requested",
  "issued",
  "offered",
  "accepted",
  "declined",
  "cancelled",
  "expired",
  "transfer_expired",
  "split",
  "converted",
  "voided",
  "revoked",
  "funded",
]);

/** Ledger accounts: one per party and currency, plus the issuer's two accounts per currency. */
export const accountKind = pgEnum("account_kind", ["party", "issuer_outstanding", "issuer_settlement"]);

/** What a posting was for (DESIGN.md ledger table). */
export const postingKind = pgEnum("posting_kind", [
  "funding",
  "conversion",
  "invoice_settled",
  "payout_sent",
  /** The bank sent a payout back: reverses its payout_sent (same amount, accounts swapped); the payout is owed again. */
  "payout_returned",
  /** A campaign's slice of prepaid coupons: debits the sponsor, credits issuer:outstanding (campaign_slices). */
  "campaign_funding",
]);

/** invoice: the party owes the issuer; payout: the issuer owes the party. */
export const statementKind = pgEnum("statement_kind", ["invoice", "payout"]);
export const statementStatus = pgEnum("statement_status", ["open", "settled"]);

export const orderStatus = pgEnum("order_status", [
  "pending",
  "paid",
  "partially_refunded",
  "refunded",
  "cancelled",
]);
/** payment: a coupon the shopper paid the order with; refund: a coupon the shop gave back. */
export const orderCouponKind = pgEnum("order_coupon_kind", ["payment", "refund"]);
export const paymentRequestStatus = pgEnum("payment_request_status", [
  "open",
  "paid",
  "expired",
  "cancelled",
]);
/** api: a shop's server asked through the API (it has a return URL); till: staff asked at the shop's counter. */
export const paymentRequestSource = pgEnum("payment_request_source", ["api", "till"]);

/** value: signs coupon value parts; owner_attestation: signs a shop's owner part. */
export const issuerKeyPurpose = pgEnum("issuer_key_purpose", ["value", "owner_attestation"]);
export const issuerKeyStatus = pgEnum("issuer_key_status", ["active", "retired"]);

export const challengePurpose = pgEnum("challenge_purpose", ["registration", "authentication", "step_up"]);
export const passkeyDeviceType = pgEnum("passkey_device_type", ["singleDevice", "multiDevice"]);

export const idempotencyStatus = pgEnum("idempotency_status", ["in_progress", "completed"]);
export const webhookMessageStatus = pgEnum("webhook_message_status", ["pending", "delivered", "failed"]);

/** A campaign's coupons go as directed offers to a recipient list, or as one-time claim codes. */
export const campaignKind = pgEnum("campaign_kind", ["recipients", "claim_codes"]);
/**
 * awaiting_approval → queued (approved, or under the approval threshold) → running ⇄ paused → completed; queued,
 * running or paused → cancelled (coupons not yet issued are never issued nor charged); awaiting_approval → rejected.
 */
export const campaignStatus = pgEnum("campaign_status", [
  "awaiting_approval",
  "queued",
  "running",
  "paused",
  "cancelled",
  "completed",
  "rejected",
]);
