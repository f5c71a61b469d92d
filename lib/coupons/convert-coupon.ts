import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import type { PasskeyAuthorization } from "@/lib/auth/passkey-authorization";
import { requirePermission } from "@/lib/auth/permissions";
import { completeStepUp } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { normalizeJson } from "@/lib/events/event-hash";
import { postCouponValue } from "@/lib/ledger/post-coupon-value";
import { assertMayConvert } from "@/lib/parties/suspension";
import { type CouponRow, lockOwnCoupon } from "./lock-coupon";
import { moveCoupon } from "./move-coupon";
import { convertOperation } from "./operations";

/**
 * Converts a locked coupon's value to money for its holder: the conversion posting (issuer:outstanding →
 * holder), status `converted`, and the event. Shared by convertCoupon and revokeCoupon.
 */
export async function convertLockedCoupon(
  tx: Tx,
  coupon: CouponRow,
  input: {
    actor: { partyId: string | null; userId: string | null };
    authorization: PasskeyAuthorization | null;
    at: Date;
    reason?: string;
    /** A shop member's passkey assertion over the shop's whole conversion (kept for audit beside the event). */
    memberAuthorization?: PasskeyAuthorization;
  },
): Promise<string> {
  if (!coupon.funded) throw new AppError("COUPON_NOT_FUNDED", "This coupon has not been paid for yet.");
  const postingId = await postCouponValue(tx, "conversion", {
    couponId: coupon.id,
    partyId: coupon.ownerPartyId,
    amountMinor: coupon.amountMinor,
    currency: coupon.currency,
    at: input.at,
  });
  await moveCoupon(tx, coupon, "converted", {
    kind: "converted",
    by: input.actor,
    data: normalizeJson({
      authorization: input.authorization,
      postingId,
      reason: input.reason,
      memberAuthorization: input.memberAuthorization,
    }),
    at: input.at,
  });
  return postingId;
}

/**
 * The holder converts a funded coupon (active, or expired) into money owed to them. A person confirms with a
 * passkey assertion over the exact conversion; a shop needs `shop.coupons.convert` on its own shop.
 */
export async function convertCoupon(
  db: DbOrTx,
  actor: Actor,
  input: { couponId: string; version: number; authorization?: unknown; ip?: string | null },
): Promise<{ couponId: string; postingId: string }> {
  if (actor.kind === "user") requirePermission(actor, "coupons.convert");
  else if (actor.kind === "shop") requirePermission(actor, "shop.coupons.convert", { shopId: actor.shopId });
  else throw new AppError("FORBIDDEN", "Only the holder can convert a coupon.");
  const now = new Date();
  return inTransaction(db, async (tx) => {
    const coupon = await lockOwnCoupon(tx, { ...input, owner: actor.partyId, action: "convert" });
    if (!coupon.funded) throw new AppError("COUPON_NOT_FUNDED", "This coupon has not been paid for yet.");
    await assertMayConvert(tx, actor.partyId);
    const authorization =
      actor.kind === "user"
        ? await completeStepUp(tx, {
            actor,
            ip: input.ip,
            auditDb: db,
            outflow: { partyId: actor.partyId, currency: coupon.currency, amountMinor: coupon.amountMinor },
            operation: convertOperation({
              couponId: coupon.id,
              version: coupon.version,
              amountMinor: coupon.amountMinor,
              currency: coupon.currency,
            }),
            response: input.authorization,
          })
        : null;
    const postingId = await convertLockedCoupon(tx, coupon, {
      actor: { partyId: actor.partyId, userId: actor.userId ?? null },
      authorization,
      at: now,
    });
    return { couponId: coupon.id, postingId };
  });
}
