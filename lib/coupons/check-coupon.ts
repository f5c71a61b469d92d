import { is, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "@/db/client";
import { queryPreparedRows } from "@/db/prepared-rows";
import { column, queryRows } from "@/db/rows";
import type { IssuerPublicKey } from "@/lib/keys/key-ring";
import { loadIssuerKeys } from "@/lib/keys/load-issuer-keys";
import { couponStatusAtSql, offerOpenSql } from "@/lib/transfers/open-offer-sql";
import { type TokenVerification, verifyCouponToken } from "./verify-coupon-token";

export interface LiveCouponState {
  ownerPartyId: string;
  version: number;
  status: string;
  funded: boolean;
  expiresAt: Date;
  pendingTransfer: { id: string; toPartyId: string | null; open: boolean; expiresAt: Date } | null;
  /** True when the token's owner and version are the coupon's current ones and it is still usable. */
  current: boolean;
}

export interface CouponCheck {
  offline: TokenVerification;
  live: LiveCouponState | null;
}

const liveRow = {
  owner_party_id: column.text,
  version: column.int,
  stored_status: column.text,
  funded: column.boolean,
  expires_at: column.date,
  status: column.text,
  transfer_id: column.textOrNull,
  to_party_id: column.textOrNull,
  transfer_expires_at: column.dateOrNull,
};

let keyCache: { keys: Map<string, IssuerPublicKey>; loadedAt: number } | undefined;
const keyCacheMs = 60_000;

/** Published keys, cached briefly; reloaded at once when a token names a kid we have not seen (rotation). */
async function verifyWithKeys(db: DbOrTx, token: unknown, now: Date): Promise<TokenVerification> {
  if (!keyCache || Date.now() - keyCache.loadedAt > keyCacheMs) {
    keyCache = { keys: await loadIssuerKeys(db), loadedAt: Date.now() };
  }
  let result = verifyCouponToken(token, { keys: keyCache.keys, now });
  if (result.status === "unknown_key") {
    keyCache = { keys: await loadIssuerKeys(db), loadedAt: Date.now() };
    result = verifyCouponToken(token, { keys: keyCache.keys, now });
  }
  return result;
}

/**
 * "The transferee asks the server to verify": the offline verdict on the token's signatures and expiry, plus
 * the live answer for a genuine token — current owner and version, status, any pending transfer, and whether
 * the token is still current. A forged or malformed token gets no live answer.
 */
export async function checkCoupon(db: DbOrTx, token: unknown, now: Date = new Date()): Promise<CouponCheck> {
  const offline = await verifyWithKeys(db, token, now);
  if (!offline.coupon) return { offline, live: null };
  const { value, owner } = offline.coupon;
  // Only an offer still open at `now` is pending (open-offer-sql.ts): a lapsed one is over before the job runs.
  // Raw SQL of constant text, prepared when run on the database: the busiest read of the API (coupon
  // verification), built without the query builder and sent in one round trip.
  const query = sql`select c.owner_party_id, c.version, c.status::text as stored_status, c.funded, c.expires_at,
      ${couponStatusAtSql("c", now)} as status, t.id as transfer_id, t.to_party_id, t.expires_at as transfer_expires_at
    from coupons c left join transfers t on t.coupon_id = c.id and ${offerOpenSql("t", now)}
    where c.id = ${value.couponId}`;
  const [row] = is(db, PgTransaction)
    ? await queryRows(db, liveRow, query)
    : await queryPreparedRows(db as Db, liveRow, query);
  if (!row) return { offline, live: null };
  const coupon = {
    ownerPartyId: row.owner_party_id,
    version: row.version,
    status: row.stored_status,
    funded: row.funded,
    expiresAt: row.expires_at,
  };
  const status = row.status;
  const usable = (coupon.status === "active" || coupon.status === "offered") && coupon.expiresAt > now;
  return {
    offline,
    live: {
      ownerPartyId: coupon.ownerPartyId,
      version: coupon.version,
      status,
      funded: coupon.funded,
      expiresAt: coupon.expiresAt,
      pendingTransfer:
        row.transfer_id && row.transfer_expires_at
          ? {
              id: row.transfer_id,
              toPartyId: row.to_party_id,
              open: row.to_party_id === null,
              expiresAt: row.transfer_expires_at,
            }
          : null,
      current: usable && coupon.ownerPartyId === owner.ownerPartyId && coupon.version === owner.version,
    },
  };
}
