import { type SQL, sql } from "drizzle-orm";
import { column, type RowOf } from "@/db/rows";

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

/** A coupon's value and state as raw reads select them (`id, amount_minor::text, currency, status, funded, expires_at`). */
export const couponValueRow = {
  id: column.text,
  amount_minor: column.bigint,
  currency: column.text,
  status: column.text,
  funded: column.boolean,
  expires_at: column.date,
};

/** The row `selectCouponSummary` yields, as a `queryRows` shape. */
export const couponSummaryRow = {
  ...couponValueRow,
  version: column.int,
  owner_party_id: column.text,
  owner_name: column.text,
  requester_party_id: column.text,
  requester_name: column.text,
  issued_at: column.date,
};
export type CouponSummaryRow = RowOf<typeof couponSummaryRow>;

/**
 * `select` the summary columns of coupon `c`, then `extra`, `from` coupons c with its owner `o` and requester `r`
 * (the row `couponSummaryRow` reads, plus the extra columns); the caller adds where and order.
 */
export const selectCouponSummary = (
  extra: SQL,
) => sql`select c.id, c.amount_minor::text, c.currency, c.status::text,
  c.funded, c.version, c.owner_party_id, o.display_name as owner_name, c.requester_party_id,
  r.display_name as requester_name, c.issued_at, c.expires_at, ${extra}
  from coupons c join parties o on o.id = c.owner_party_id join parties r on r.id = c.requester_party_id`;

export function toCouponSummary(row: CouponSummaryRow): CouponSummary {
  return {
    couponId: row.id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    status: row.status,
    funded: row.funded,
    version: row.version,
    ownerPartyId: row.owner_party_id,
    ownerName: row.owner_name,
    requesterPartyId: row.requester_party_id,
    requesterName: row.requester_name,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
  };
}
