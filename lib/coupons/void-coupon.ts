import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { coupons } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { appendCouponEvent } from "@/lib/events/append-coupon-event";
import { nextCouponStatus } from "./coupon-transitions";
import { lockCouponOrThrow } from "./lock-coupon";

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
    await tx
      .update(coupons)
      .set({ status: "void", updatedAt: sql`now()` })
      .where(and(eq(coupons.id, coupon.id), eq(coupons.status, "active"), eq(coupons.version, 1)));
    await appendCouponEvent(tx, {
      couponId: coupon.id,
      kind: "voided",
      actorPartyId: actor.partyId,
      actorUserId: actor.userId,
      fromPartyId: actor.partyId,
      toPartyId: null,
      version: coupon.version,
      transferId: null,
      data: {},
      at: new Date(),
    });
  });
}
