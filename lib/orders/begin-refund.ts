import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { assertMayMoveOut, assertMayReceive } from "@/lib/parties/suspension";
import { getMemberShopOrThrow } from "@/lib/shops/get-member-shop";
import { planRefund } from "./plan-refund";
import { refundOperation } from "./refund-operation";

/**
 * Step-up options for a shop owner's refund of (part of) a paid order: plans which coupons go back and commits
 * the challenge to that exact `order.refund` operation. Returns what the owner is about to confirm.
 */
export async function beginRefund(
  db: DbOrTx,
  actor: Actor,
  input: { slug: string; orderId: unknown; amountMinor: unknown; ip: string | null },
): Promise<{
  options: PublicKeyCredentialRequestOptionsJSON;
  returnedCoupons: number;
  newCouponMinor: bigint;
}> {
  const shop = await getMemberShopOrThrow(db, actor, { slug: input.slug, permission: "shop.orders.refund" });
  const plan = await planRefund(db, {
    shopId: shop.shopId,
    shopPartyId: shop.partyId,
    orderId: input.orderId,
    amountMinor: input.amountMinor,
    lock: false,
    now: new Date(),
  });
  const operation = refundOperation({
    orderId: plan.order.id,
    shopPartyId: shop.partyId,
    toPartyId: plan.order.buyerPartyId,
    currency: plan.order.currency,
    amountMinor: plan.amountMinor,
    coupons: plan.coupons,
    newCouponMinor: plan.newCouponMinor,
  });
  await assertMayMoveOut(db, shop.partyId);
  await assertMayReceive(db, plan.order.buyerPartyId);
  const options = await beginStepUp(db, { actor, operation, ip: input.ip });
  return { options, returnedCoupons: plan.coupons.length, newCouponMinor: plan.newCouponMinor };
}
