import { sql } from "drizzle-orm";

/** One coupon as the back office lists it: value, state, and who owns and requested it (by name). */
export interface CouponSummary {
  couponId: string;
  amountMinor: bigint;
  currency: string;
  status: string;
  funded: boolean;
  version: number;
  ownerPartyId: string;
  ownerName: string;
  requesterPartyId: string;
  requesterName: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** The raw row `couponSummarySelect` yields. */
export type CouponSummaryRow = {
  id: string;
  amount_minor: string;
  currency: string;
  status: string;
  funded: boolean;
  version: number;
  owner_party_id: string;
  owner_name: string;
  requester_party_id: string;
  requester_name: string;
  issued_at: string;
  expires_at: string;
};

/** The summary columns of coupon `c`, for queries that join `parties o` (owner) and `parties r` (requester). */
export const couponSummaryColumns = sql`c.id, c.amount_minor::text, c.currency, c.status::text, c.funded, c.version,
  c.owner_party_id, o.display_name as owner_name, c.requester_party_id, r.display_name as requester_name,
  c.issued_at, c.expires_at`;

/** `coupons c` with its owner `o` and requester `r`, the FROM clause `couponSummaryColumns` reads. */
export const couponSummaryFrom = sql`coupons c join parties o on o.id = c.owner_party_id
  join parties r on r.id = c.requester_party_id`;

export function toCouponSummary(row: CouponSummaryRow): CouponSummary {
  return {
    couponId: row.id,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    status: row.status,
    funded: row.funded,
    version: row.version,
    ownerPartyId: row.owner_party_id,
    ownerName: row.owner_name,
    requesterPartyId: row.requester_party_id,
    requesterName: row.requester_name,
    issuedAt: new Date(row.issued_at),
    expiresAt: new Date(row.expires_at),
  };
}
