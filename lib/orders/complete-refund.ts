import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { orderCoupons, orders } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import type { PasskeyAuthorization } from "@/lib/auth/passkey-authorization";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { attestShopOffer } from "@/lib/coupons/attest-shop-offer";
import { type CouponRow, lockCouponOrThrow } from "@/lib/coupons/lock-coupon";
import { offerOperation } from "@/lib/coupons/operations";
import { splitCoupon } from "@/lib/coupons/split-coupon";
import { normalizeJson } from "@/lib/events/event-hash";
import { newId } from "@/lib/ids";
import { insertIssuedCoupon, wholeSeconds } from "@/lib/issuance/insert-issued-coupon";
import { postCouponValue } from "@/lib/ledger/post-coupon-value";
import { assertMayMoveOut, assertMayReceive } from "@/lib/parties/suspension";
import { getMemberShopOrThrow, type MemberShop, memberShopActor } from "@/lib/shops/get-member-shop";
import { writeOffer } from "@/lib/transfers/write-offer";
import { planRefund } from "./plan-refund";
import { refundOperation } from "./refund-operation";

/** Refund offers stay open 30 days (the longest offer); declined or expired, the coupon returns to the shop. */
const refundOfferSeconds = 30 * 86_400;
/** A coupon the shop issues for a refund is valid for a year. */
const refundCouponDays = 365;

interface RefundContext {
  tx: Tx;
  shop: MemberShop;
  userId: string;
  toPartyId: string;
  orderId: string;
  authorization: PasskeyAuthorization;
  at: Date;
}

/** Offers one shop-held coupon to the shopper, signed for the shop by the issuer, with the member's assertion. */
async function offerBack(context: RefundContext, coupon: CouponRow): Promise<string> {
  const { tx, shop, at } = context;
  const expiresAt = wholeSeconds(new Date(at.getTime() + refundOfferSeconds * 1000));
  const offer = offerOperation({
    couponId: coupon.id,
    version: coupon.version,
    recipientPartyId: context.toPartyId,
    claimCodeHash: null,
    expiresAt,
  });
  const attestation = await attestShopOffer(tx, offer);
  const { transferId } = await writeOffer(tx, {
    coupon,
    fromPartyId: shop.partyId,
    toPartyId: context.toPartyId,
    claimCodeHash: null,
    expiresAt,
    actor: { partyId: shop.partyId, userId: context.userId },
    transferorAuthorization: normalizeJson({
      kind: "shop",
      kid: attestation.kid,
      memberUserId: context.userId,
      memberDigest: context.authorization.digest,
      recordedIn: "coupon_events",
    }),
    eventData: normalizeJson({
      shopOfferAttestation: attestation,
      memberAuthorization: context.authorization,
      refundOf: context.orderId,
    }),
    orderId: context.orderId,
    at,
  });
  await tx.insert(orderCoupons).values({
    id: newId("orderCoupon"),
    orderId: context.orderId,
    couponId: coupon.id,
    transferId,
    kind: "refund",
    amountMinor: coupon.amountMinor,
  });
  return transferId;
}

/** Issues a coupon of `amountMinor` to the shop itself, funded by it at once (a funding posting debits it). */
async function issueRefundCoupon(
  context: RefundContext,
  amountMinor: bigint,
  currency: string,
): Promise<CouponRow> {
  const { tx, shop, at } = context;
  const couponId = newId("coupon");
  const issuedAt = wholeSeconds(at);
  await insertIssuedCoupon(tx, {
    couponId,
    amountMinor,
    currency,
    requesterPartyId: shop.partyId,
    ownerPartyId: shop.partyId,
    funded: true,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + refundCouponDays * 86_400_000),
    ownerBasis: "issuer",
    actor: { partyId: shop.partyId, userId: context.userId },
    eventData: { refundOf: context.orderId, fundedBy: shop.partyId },
  });
  // The coupon row must exist before its funding posting references it.
  await postCouponValue(tx, "funding", { couponId, partyId: shop.partyId, amountMinor, currency, at });
  return lockCouponOrThrow(tx, couponId);
}

/**
 * A shop owner refunds (part of) a paid order, confirmed by their passkey over the exact `order.refund` plan:
 * the shop offers coupons of that value back to the shopper — the same ones while the shop holds them (the last
 * split if needed), else a new coupon it issues and funds at once — each with an `offered` event, and the
 * order's refunded amount and status move in the same transaction. The shopper accepts in their wallet.
 */
export async function completeRefund(
  db: DbOrTx,
  actor: Actor,
  input: { slug: string; orderId: unknown; amountMinor: unknown; authorization: unknown; ip: string | null },
): Promise<{ orderId: string; refundedMinor: bigint; status: string; transferIds: string[] }> {
  const shop = await getMemberShopOrThrow(db, actor, { slug: input.slug, permission: "shop.orders.refund" });
  const shopActor = memberShopActor(actor, shop);
  if (actor.kind !== "user") throw new Error("unreachable: members are people");
  return inTransaction(db, async (tx) => {
    const at = new Date();
    await assertMayMoveOut(tx, shop.partyId);
    const plan = await planRefund(tx, {
      shopId: shop.shopId,
      shopPartyId: shop.partyId,
      orderId: input.orderId,
      amountMinor: input.amountMinor,
      lock: true,
      now: at,
    });
    const { order } = plan;
    await assertMayReceive(tx, order.buyerPartyId);
    const operation = refundOperation({
      orderId: order.id,
      shopPartyId: shop.partyId,
      toPartyId: order.buyerPartyId,
      currency: order.currency,
      amountMinor: plan.amountMinor,
      coupons: plan.coupons,
      newCouponMinor: plan.newCouponMinor,
    });
    const authorization = await completeStepUpFor(tx, db, { actor, operation, sent: input });
    const context: RefundContext = {
      tx,
      shop,
      userId: actor.userId,
      toPartyId: order.buyerPartyId,
      orderId: order.id,
      authorization,
      at,
    };
    const transferIds: string[] = [];
    for (const entry of plan.coupons) {
      let coupon = plan.locked.get(entry.couponId) as CouponRow;
      if (entry.payMinor < entry.amountMinor) {
        const { children } = await splitCoupon(tx, shopActor, {
          couponId: coupon.id,
          version: coupon.version,
          amountsMinor: [entry.payMinor, entry.amountMinor - entry.payMinor],
        });
        const [back] = children;
        if (!back) throw new Error(`split of ${coupon.id} made no coupon`);
        coupon = await lockCouponOrThrow(tx, back.id);
      }
      transferIds.push(await offerBack(context, coupon));
    }
    if (plan.newCouponMinor > 0n) {
      const coupon = await issueRefundCoupon(context, plan.newCouponMinor, order.currency);
      transferIds.push(await offerBack(context, coupon));
    }
    const refundedMinor = order.refundedMinor + plan.amountMinor;
    const status = refundedMinor === order.totalMinor ? "refunded" : "partially_refunded";
    await tx
      .update(orders)
      .set({ refundedMinor: sql`${orders.refundedMinor} + ${plan.amountMinor}`, status })
      .where(and(eq(orders.id, order.id), eq(orders.refundedMinor, order.refundedMinor)));
    await recordAuditEvent(tx, {
      action: "order.refunded",
      actor,
      targetType: "order",
      targetId: order.id,
      data: {
        amountMinor: plan.amountMinor.toString(),
        transferIds,
        newCouponMinor: plan.newCouponMinor.toString(),
      },
    });
    return { orderId: order.id, refundedMinor, status, transferIds };
  });
}
