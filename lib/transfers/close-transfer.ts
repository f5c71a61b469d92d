import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { coupons, transfers } from "@/db/schema";
import type { CouponStatus } from "@/lib/coupons/coupon-statuses";
import { assertTransferPending, nextCouponStatus } from "@/lib/coupons/coupon-transitions";
import { AppError } from "@/lib/errors";
import { appendCouponEvent } from "@/lib/events/append-coupon-event";
import type { TransferRow } from "./lock-transfer";

export type CloseOutcome = "declined" | "cancelled" | "expired";

const eventKind = { declined: "declined", cancelled: "cancelled", expired: "transfer_expired" } as const;

/**
 * A refund offer that ends without the shopper taking it (declined, cancelled, expired) gives nothing back, so
 * its value is refundable again: the order's refunded amount goes down by it and its status follows. Checkout
 * transfers also carry an order but are accepted in the transaction that makes them, so only refunds match.
 */
async function reopenRefund(tx: Tx, transferId: string): Promise<void> {
  await tx.execute(sql`with r as (
      select order_id, amount_minor from order_coupons where transfer_id = ${transferId} and kind = 'refund')
    update orders o set refunded_minor = o.refunded_minor - r.amount_minor,
      status = (case when o.refunded_minor - r.amount_minor = 0 then 'paid' else 'partially_refunded' end)::order_status
    from r where o.id = r.order_id`);
}

/**
 * Ends a pending transfer without an owner change (declined, cancelled or expired) inside a transaction that
 * holds the coupon lock: the transfer's guarded status change, the coupon back to `active` at the same version
 * (unless the caller is about to give the coupon another terminal status), the event, and for a refund offer
 * its value made refundable again.
 */
export async function closePendingTransfer(
  tx: Tx,
  input: {
    transfer: TransferRow;
    outcome: CloseOutcome;
    actor: { partyId: string | null; userId: string | null };
    at: Date;
    restoreCoupon: boolean;
    reason?: string;
  },
): Promise<void> {
  const { transfer } = input;
  const closed = await tx
    .update(transfers)
    .set({ status: input.outcome, decidedAt: input.at })
    .where(and(eq(transfers.id, transfer.id), eq(transfers.status, "pending")))
    .returning({ id: transfers.id });
  if (closed.length !== 1) throw new AppError("TRANSFER_NOT_PENDING", "This transfer is no longer pending.");
  if (input.restoreCoupon) {
    const restored = await tx
      .update(coupons)
      .set({ status: "active", updatedAt: sql`now()` })
      .where(
        and(
          eq(coupons.id, transfer.couponId),
          eq(coupons.version, transfer.couponVersion),
          eq(coupons.status, "offered"),
        ),
      )
      .returning({ id: coupons.id });
    if (restored.length !== 1) throw new AppError("COUPON_NOT_ACTIVE", "This coupon is no longer on offer.");
  }
  if (transfer.orderId) await reopenRefund(tx, transfer.id);
  await appendCouponEvent(tx, {
    couponId: transfer.couponId,
    kind: eventKind[input.outcome],
    actorPartyId: input.actor.partyId,
    actorUserId: input.actor.userId,
    fromPartyId: transfer.fromPartyId,
    toPartyId: transfer.toPartyId,
    version: transfer.couponVersion,
    transferId: transfer.id,
    data: input.reason ? { reason: input.reason } : {},
    at: input.at,
  });
}

/** Closes the pending offer of a locked coupon, if it has one (a coupon leaving circulation takes it along). */
export async function closeOfferOf(
  tx: Tx,
  couponId: string,
  input: Omit<Parameters<typeof closePendingTransfer>[1], "transfer">,
): Promise<void> {
  const [pending] = await tx
    .select()
    .from(transfers)
    .where(and(eq(transfers.couponId, couponId), eq(transfers.status, "pending")));
  if (pending) await closePendingTransfer(tx, { transfer: pending, ...input });
}

/**
 * A party turns a pending offer down (the offerer cancels, the recipient declines), once the caller has checked
 * it may: the offer closes and the coupon is active again at the same version.
 */
export async function turnDownOffer(
  tx: Tx,
  locked: { transfer: TransferRow; coupon: { status: CouponStatus } },
  action: "cancel" | "decline",
  actor: { partyId: string; userId?: string | null },
): Promise<void> {
  assertTransferPending(locked.transfer.status);
  nextCouponStatus(locked.coupon.status, action);
  await closePendingTransfer(tx, {
    transfer: locked.transfer,
    outcome: action === "cancel" ? "cancelled" : "declined",
    actor: { partyId: actor.partyId, userId: actor.userId ?? null },
    at: new Date(),
    restoreCoupon: true,
  });
}
