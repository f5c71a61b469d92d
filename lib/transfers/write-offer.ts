import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { coupons, transfers } from "@/db/schema";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { AppError } from "@/lib/errors";
import { appendCouponEvent } from "@/lib/events/append-coupon-event";
import type { JsonObject } from "@/lib/events/event-hash";
import { newId } from "@/lib/ids";

/**
 * Phase one's writes for a locked, checked coupon: the pending transfer, the coupon's guarded move to
 * `offered`, and the `offered` event carrying the transferor's evidence (`eventData`). Shared by person-to-person
 * offers, checkout (coupons offered to the shop under one checkout assertion) and refunds (offered by a shop).
 */
export async function writeOffer(
  tx: Tx,
  input: {
    coupon: CouponRow;
    fromPartyId: string;
    toPartyId: string | null;
    claimCodeHash: string | null;
    expiresAt: Date;
    actor: { partyId: string | null; userId: string | null };
    /** What the transfer row keeps of the transferor's authorization. */
    transferorAuthorization: JsonObject;
    eventData: JsonObject;
    orderId?: string | null;
    at: Date;
  },
): Promise<{ transferId: string }> {
  const { coupon } = input;
  const transferId = newId("transfer");
  await tx.insert(transfers).values({
    id: transferId,
    couponId: coupon.id,
    couponVersion: coupon.version,
    fromPartyId: input.fromPartyId,
    toPartyId: input.toPartyId,
    claimCodeHash: input.claimCodeHash,
    status: "pending",
    expiresAt: input.expiresAt,
    transferorAuthorization: input.transferorAuthorization,
    orderId: input.orderId ?? null,
  });
  const updated = await tx
    .update(coupons)
    .set({ status: "offered", updatedAt: sql`now()` })
    .where(and(eq(coupons.id, coupon.id), eq(coupons.version, coupon.version), eq(coupons.status, "active")))
    .returning({ id: coupons.id });
  if (updated.length !== 1) throw new AppError("VERSION_CONFLICT", "This coupon changed; try again.");
  await appendCouponEvent(tx, {
    couponId: coupon.id,
    kind: "offered",
    actorPartyId: input.actor.partyId,
    actorUserId: input.actor.userId,
    fromPartyId: input.fromPartyId,
    toPartyId: input.toPartyId,
    version: coupon.version,
    transferId,
    data: input.eventData,
    at: input.at,
  });
  return { transferId };
}
