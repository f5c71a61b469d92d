import type { Tx } from "@/db/client";
import { transfers } from "@/db/schema";
import type { PasskeyAuthorization } from "@/lib/auth/passkey-authorization";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { moveCoupon } from "@/lib/coupons/move-coupon";
import { type JsonObject, normalizeJson } from "@/lib/events/event-hash";
import { newId } from "@/lib/ids";
import { announceShopOffer } from "./announce-shop-offer";

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
    /** The gift of several coupons this offer is part of. */
    groupId?: string | null;
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
    groupId: input.groupId ?? null,
  });
  // Only an active coupon is offered, at the version the offer names.
  await moveCoupon(tx, { ...coupon, status: "active" }, "offered", {
    kind: "offered",
    by: input.actor,
    fromPartyId: input.fromPartyId,
    toPartyId: input.toPartyId,
    transferId,
    data: input.eventData,
    at: input.at,
  });
  return { transferId };
}

/**
 * writeOffer for a person giving under their own passkey (a whole coupon, a part, a gift of several): the parties
 * and terms their assertion signed, the assertion as the transfer's evidence, and `extra` facts for the event.
 * An offer to a shop also writes its `transfer.offered` webhook in the same transaction (announceShopOffer).
 */
export async function writeGiverOffer(
  tx: Tx,
  input: {
    coupon: CouponRow;
    giver: { partyId: string; userId: string };
    terms: { recipientPartyId: string | null; claimCodeHash: string | null; expiresAt: Date };
    authorization: PasskeyAuthorization;
    extra?: JsonObject;
    groupId?: string | null;
    at: Date;
  },
): Promise<{ transferId: string }> {
  const { giver, terms, authorization } = input;
  const written = await writeOffer(tx, {
    coupon: input.coupon,
    fromPartyId: giver.partyId,
    toPartyId: terms.recipientPartyId,
    claimCodeHash: terms.claimCodeHash,
    expiresAt: terms.expiresAt,
    actor: { partyId: giver.partyId, userId: giver.userId },
    transferorAuthorization: normalizeJson(authorization),
    eventData: normalizeJson({ authorization, open: terms.recipientPartyId === null, ...input.extra }),
    groupId: input.groupId ?? null,
    at: input.at,
  });
  await announceShopOffer(tx, {
    transferId: written.transferId,
    coupon: input.coupon,
    fromPartyId: giver.partyId,
    toPartyId: terms.recipientPartyId,
    groupId: input.groupId ?? null,
    expiresAt: terms.expiresAt,
    at: input.at,
  });
  return written;
}
