import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { nextCouponStatus } from "./coupon-transitions";
import { lockCouponOrThrow } from "./lock-coupon";
import { moveCoupon } from "./move-coupon";

/**
 * The requester gives back a coupon nobody paid for: only while it is unfunded, never transferred (version 1,
 * still theirs) and active. Nothing is posted because nothing was owed.
 */
export async function voidCoupon(db: DbOrTx, actor: Actor, input: { couponId: string }): Promise<void> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only the requester can void a coupon.");
  await inTransaction(db, async (tx) => {
    const coupon = await lockCouponOrThrow(tx, input.couponId);
    if (coupon.requesterPartyId !== actor.partyId || coupon.ownerPartyId !== actor.partyId) {
      throw new AppError("NOT_FOUND", "No such coupon.");
    }
    nextCouponStatus(coupon.status, "void");
    if (coupon.funded) throw new AppError("COUPON_FUNDED", "This coupon was paid for; convert it instead.");
    if (coupon.version !== 1) throw new AppError("COUPON_TRANSFERRED", "This coupon has changed hands.");
    await moveCoupon(tx, coupon, "void", { kind: "voided", by: actor, at: new Date() });
  });
}
