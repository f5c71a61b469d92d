import type { DbOrTx } from "@/db/client";
import { coupons } from "@/db/schema";
import { type CouponRow, type CouponView, toCouponView } from "@/lib/coupons/lock-coupon";
import { attestOwner, type OwnerAttestation, signValuePart } from "@/lib/coupons/sign-coupon-parts";
import { appendCouponEvent } from "@/lib/events/append-coupon-event";
import { type JsonObject, normalizeJson } from "@/lib/events/event-hash";

/**
 * Creates a coupon at version 1 with its value signature and owner part, and appends its `issued` event (which
 * records the evidence for the owner binding in `data`). Used by issuance and by splits; the caller's
 * transaction has already checked every rule.
 */
export async function insertIssuedCoupon(
  tx: DbOrTx,
  input: {
    couponId: string;
    amountMinor: bigint;
    currency: string;
    requesterPartyId: string;
    ownerPartyId: string;
    funded: boolean;
    issuedAt: Date;
    expiresAt: Date;
    parentId?: string;
    issuanceRequestId?: string;
    ownerBasis: OwnerAttestation["basis"];
    actor: { partyId: string | null; userId: string | null };
    eventData: JsonObject;
  },
): Promise<CouponView> {
  const value = await signValuePart(tx, {
    couponId: input.couponId,
    amountMinor: input.amountMinor,
    currency: input.currency,
    issuedAt: input.issuedAt,
    expiresAt: input.expiresAt,
  });
  const owner = await attestOwner(tx, {
    couponId: input.couponId,
    ownerPartyId: input.ownerPartyId,
    version: 1,
    basis: input.ownerBasis,
  });
  const [row] = (await tx
    .insert(coupons)
    .values({
      id: input.couponId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      requesterPartyId: input.requesterPartyId,
      ownerPartyId: input.ownerPartyId,
      version: 1,
      funded: input.funded,
      status: "active",
      issuedAt: input.issuedAt,
      expiresAt: input.expiresAt,
      parentId: input.parentId ?? null,
      issuanceRequestId: input.issuanceRequestId ?? null,
      valueKid: value.kid,
      valueSignature: value.signature,
      ownerAttestation: owner,
    })
    .returning()) as [CouponRow];
  await appendCouponEvent(tx, {
    couponId: input.couponId,
    kind: "issued",
    actorPartyId: input.actor.partyId,
    actorUserId: input.actor.userId,
    fromPartyId: null,
    toPartyId: input.ownerPartyId,
    version: 1,
    transferId: null,
    data: normalizeJson({ ...input.eventData, valueKid: value.kid, ownerAttestation: owner }),
    at: input.issuedAt,
  });
  return toCouponView(row);
}

/** Whole seconds: the value part carries seconds, so stored times must round-trip exactly. */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
