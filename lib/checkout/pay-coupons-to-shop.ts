import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { coupons, orderCoupons, orders } from "@/db/schema";
import type { PasskeyAuthorization } from "@/lib/auth/passkey-authorization";
import { type CouponRow, lockCouponOrThrow } from "@/lib/coupons/lock-coupon";
import { splitCoupon } from "@/lib/coupons/split-coupon";
import { normalizeJson } from "@/lib/events/event-hash";
import { newId } from "@/lib/ids";
import { acceptTransfer } from "@/lib/transfers/accept-transfer";
import { writeOffer } from "@/lib/transfers/write-offer";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue-webhook-event";
import type { PlannedCoupon } from "./checkout-operation";

/** How long the internal offer of a checkout is valid: it is accepted in the same transaction. */
const checkoutOfferSeconds = 600;

export interface PaidCoupon {
  couponId: string;
  transferId: string;
  amountMinor: bigint;
  /** The coupon that stayed with the payer as change, when the last coupon was split. */
  changeCouponId: string | null;
}

/**
 * Moves a checked payment plan's coupons from the payer to the shop inside the caller's transaction, which
 * holds every coupon's lock and has verified the payer's one `checkout.pay` assertion: the last coupon is split
 * when it pays only part (the change stays with the payer and records the order it is the change of), each
 * paying coupon is offered to the shop with that assertion as the owner's authorization, and the shop accepts
 * at once (the issuer's owner-attestation key signs the shop's owner part; the first transfer funds the
 * coupon). Each coupon is recorded against the order and reported to the shop's webhooks as
 * `transfer.accepted` (outbox, same transaction).
 */
export async function payCouponsToShop(
  tx: Tx,
  input: {
    payer: { partyId: string; userId: string };
    shop: { shopId: string; partyId: string };
    plan: PlannedCoupon[];
    locked: Map<string, CouponRow>;
    authorization: PasskeyAuthorization;
    reference: string;
    orderId: string;
    at: Date;
  },
): Promise<PaidCoupon[]> {
  const { payer, shop, authorization, at } = input;
  const payerActor = { kind: "user" as const, userId: payer.userId, partyId: payer.partyId, isAdmin: false };
  const shopActor = { kind: "shop" as const, shopId: shop.shopId, partyId: shop.partyId };
  const paid: PaidCoupon[] = [];
  for (const entry of input.plan) {
    let coupon = input.locked.get(entry.couponId) as CouponRow;
    let changeCouponId: string | null = null;
    if (entry.payMinor < entry.amountMinor) {
      const { children } = await splitCoupon(tx, payerActor, {
        couponId: coupon.id,
        version: coupon.version,
        amountsMinor: [entry.payMinor, entry.amountMinor - entry.payMinor],
      });
      const [paying, change] = children;
      if (!paying || !change) throw new Error(`split of ${entry.couponId} did not make two coupons`);
      coupon = await lockCouponOrThrow(tx, paying.id);
      changeCouponId = change.id;
      // The change records its purchase in the split's transaction, so receipts read a fact, not a guess.
      await tx
        .update(coupons)
        .set({ changeOrderId: input.orderId })
        .where(and(eq(coupons.id, change.id), isNull(coupons.changeOrderId)));
    }
    const { transferId } = await writeOffer(tx, {
      coupon,
      fromPartyId: payer.partyId,
      toPartyId: shop.partyId,
      claimCodeHash: null,
      expiresAt: new Date(at.getTime() + checkoutOfferSeconds * 1000),
      actor: { partyId: payer.partyId, userId: payer.userId },
      transferorAuthorization: normalizeJson({
        kind: "passkey",
        userId: authorization.userId,
        credentialId: authorization.credentialId,
        digest: authorization.digest,
        recordedIn: "coupon_events",
      }),
      eventData: normalizeJson({ authorization, open: false, checkout: input.reference }),
      orderId: input.orderId,
      at,
    });
    await acceptTransfer(tx, shopActor, { transferId });
    await enqueueWebhookEvent(tx, {
      shopId: shop.shopId,
      type: "transfer.accepted",
      data: {
        transferId,
        couponId: coupon.id,
        amountMinor: coupon.amountMinor.toString(),
        currency: coupon.currency,
      },
      at,
    });
    await tx.insert(orderCoupons).values({
      id: newId("orderCoupon"),
      orderId: input.orderId,
      couponId: coupon.id,
      transferId,
      kind: "payment",
      amountMinor: coupon.amountMinor,
    });
    paid.push({ couponId: coupon.id, transferId, amountMinor: coupon.amountMinor, changeCouponId });
  }
  return paid;
}

/** Opens the pending order a payment fills (one per checkout key: a second submission waits on it) and returns its id. */
export async function insertPendingOrder(
  tx: Tx,
  order: { shopId: string; buyerPartyId: string; totalMinor: bigint; currency: string; checkoutKey: string },
): Promise<string> {
  const orderId = newId("order");
  await tx.insert(orders).values({ id: orderId, status: "pending", ...order });
  return orderId;
}
