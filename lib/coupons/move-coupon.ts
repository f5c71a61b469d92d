import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { appendCouponEvent } from "@/lib/events/append-coupon-event";
import type { CouponEventInput } from "@/lib/events/event-hash";
import type { CouponRow } from "./lock-coupon";

/** Who changes a coupon: a party and person, or nulls for the system. */
export interface CouponChanger {
  partyId: string | null;
  userId: string | null;
}

/**
 * Changes the status of a coupon the caller holds locked, guarded by the version and status it was read with
 * (VERSION_CONFLICT when either moved), and appends the event recording it at that version: from the owner
 * to nobody unless `event` says otherwise, with no transfer and no data unless given.
 */
export async function moveCoupon(
  tx: DbOrTx,
  coupon: Pick<CouponRow, "id" | "version" | "status" | "ownerPartyId">,
  to: CouponRow["status"],
  event: { kind: CouponEventInput["kind"]; by: CouponChanger; at: Date } & Partial<
    Pick<CouponEventInput, "fromPartyId" | "toPartyId" | "transferId" | "data">
  >,
): Promise<void> {
  const updated = await tx
    .update(coupons)
    .set({ status: to, updatedAt: sql`now()` })
    .where(
      and(eq(coupons.id, coupon.id), eq(coupons.version, coupon.version), eq(coupons.status, coupon.status)),
    )
    .returning({ id: coupons.id });
  if (updated.length !== 1) throw new AppError("VERSION_CONFLICT", "This coupon changed; try again.");
  const { by, ...rest } = event;
  await appendCouponEvent(tx, {
    couponId: coupon.id,
    version: coupon.version,
    actorPartyId: by.partyId,
    actorUserId: by.userId,
    fromPartyId: coupon.ownerPartyId,
    toPartyId: null,
    transferId: null,
    data: {},
    ...rest,
  });
}
