import "server-only";
import type { DbOrTx } from "@/db/client";
import { requireApiScope } from "@/lib/api-keys/api-key-scopes";
import type { Actor } from "@/lib/auth/actor";
import { checkCoupon } from "@/lib/coupons/check-coupon";
import { AppError } from "@/lib/errors";

export interface ShopCouponVerdict {
  /** True when the signatures hold, the coupon has not expired and the token is its current one. */
  valid: boolean;
  signature: "valid" | "expired" | "bad_signature" | "unknown_key" | "malformed";
  coupon: {
    id: string;
    amountMinor: bigint;
    currency: string;
    expiresAt: Date;
    status: string;
    funded: boolean;
    current: boolean;
    ownedByYou: boolean;
    /** A pending transfer to this shop (which it may accept), or null; offers to others are not disclosed. */
    pendingTransferToYou: { id: string; expiresAt: Date } | null;
  } | null;
}

/**
 * A shop asks Scrip to verify a coupon token (`read` or `payments` scope): the offline verdict and the live
 * state, but never who owns it — only whether the shop itself does.
 */
export async function verifyCouponForShop(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; token: string },
): Promise<ShopCouponVerdict> {
  requireApiScope(actor, ["read", "payments"], input.shopId);
  if (actor.kind !== "shop" && actor.kind !== "system")
    throw new AppError("FORBIDDEN", "Shops verify coupons here.");
  const partyId = actor.kind === "shop" ? actor.partyId : null;
  const { offline, live } = await checkCoupon(db, input.token);
  if (!offline.coupon || !live) return { valid: false, signature: offline.status, coupon: null };
  const transfer = live.pendingTransfer;
  return {
    valid: offline.status === "valid" && live.current,
    signature: offline.status,
    coupon: {
      id: offline.coupon.value.couponId,
      amountMinor: offline.coupon.value.amountMinor,
      currency: offline.coupon.value.currency,
      expiresAt: live.expiresAt,
      status: live.status,
      funded: live.funded,
      current: live.current,
      ownedByYou: partyId !== null && live.ownerPartyId === partyId,
      pendingTransferToYou:
        transfer && partyId !== null && transfer.toPartyId === partyId
          ? { id: transfer.id, expiresAt: transfer.expiresAt }
          : null,
    },
  };
}
