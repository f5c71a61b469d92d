import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons, transfers } from "@/db/schema";
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
  const [row] = await db
    .select({
      coupon: coupons,
      transfer: transfers,
      status: sql<string>`${couponStatusAtSql("coupons", now)}`,
    })
    .from(coupons)
    .leftJoin(transfers, and(eq(transfers.couponId, coupons.id), offerOpenSql("transfers", now)))
    .where(eq(coupons.id, value.couponId));
  if (!row) return { offline, live: null };
  const { coupon, transfer, status } = row;
  const usable = (coupon.status === "active" || coupon.status === "offered") && coupon.expiresAt > now;
  return {
    offline,
    live: {
      ownerPartyId: coupon.ownerPartyId,
      version: coupon.version,
      status,
      funded: coupon.funded,
      expiresAt: coupon.expiresAt,
      pendingTransfer: transfer
        ? {
            id: transfer.id,
            toPartyId: transfer.toPartyId,
            open: transfer.toPartyId === null,
            expiresAt: transfer.expiresAt,
          }
        : null,
      current: usable && coupon.ownerPartyId === owner.ownerPartyId && coupon.version === owner.version,
    },
  };
}
