import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { coupons } from "@/db/schema";
import { requireApiScope } from "@/lib/api-keys/api-key-scopes";
import type { Actor } from "@/lib/auth/actor";
import { convertCoupon } from "@/lib/coupons/convert-coupon";
import { AppError } from "@/lib/errors";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue-webhook-event";

export interface ShopConversion {
  couponId: string;
  amountMinor: bigint;
  currency: string;
  postingId: string;
}

/**
 * A shop converts a coupon it holds into money owed to it (`conversions` scope; convertCoupon checks
 * `shop.coupons.convert` again). Another party's coupon is not found. The conversion and its
 * `coupon.converted` outbox message commit together.
 */
export async function convertShopCoupon(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; couponId: string; version?: number },
): Promise<ShopConversion> {
  requireApiScope(actor, ["conversions"], input.shopId);
  if (actor.kind !== "shop") throw new AppError("FORBIDDEN", "Only a shop converts coupons here.");
  return inTransaction(db, async (tx) => {
    const [coupon] = await tx
      .select({ version: coupons.version, amountMinor: coupons.amountMinor, currency: coupons.currency })
      .from(coupons)
      .where(and(eq(coupons.id, input.couponId), eq(coupons.ownerPartyId, actor.partyId)));
    if (!coupon) throw new AppError("NOT_FOUND", "This shop holds no such coupon.");
    const { postingId } = await convertCoupon(tx, actor, {
      couponId: input.couponId,
      version: input.version ?? coupon.version,
    });
    await enqueueWebhookEvent(tx, {
      shopId: input.shopId,
      type: "coupon.converted",
      data: {
        couponId: input.couponId,
        amountMinor: coupon.amountMinor.toString(),
        currency: coupon.currency,
        postingId,
      },
    });
    return {
      couponId: input.couponId,
      amountMinor: coupon.amountMinor,
      currency: coupon.currency,
      postingId,
    };
  });
}
