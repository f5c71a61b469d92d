import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { coupons } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import type { Operation } from "@/lib/auth/operations";
import { beginStepUp, completeStepUpFor } from "@/lib/auth/require-step-up";
import { convertLockedCoupon } from "@/lib/coupons/convert-coupon";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { assertMayConvert } from "@/lib/parties/suspension";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue-webhook-event";
import { getMemberShopOrThrow, type MemberShop } from "./get-member-shop";

/** At most this many coupons are converted in one confirmation. */
export const maxCouponsPerConversion = 200;

/** Convertible coupons: held by the shop, funded, active or expired (expired funded coupons may still convert). */
const convertible = (shopPartyId: string) =>
  and(
    eq(coupons.ownerPartyId, shopPartyId),
    eq(coupons.funded, true),
    or(eq(coupons.status, "active"), eq(coupons.status, "expired")),
  );

/** The coupons a conversion covers: the chosen ids (each must be convertible), or all convertible ones. */
async function selectCoupons(db: DbOrTx, shop: MemberShop, couponIds: "all" | unknown[], lock: boolean) {
  let where = convertible(shop.partyId);
  if (couponIds !== "all") {
    if (!Array.isArray(couponIds) || couponIds.length === 0 || couponIds.length > maxCouponsPerConversion) {
      throw new AppError("VALIDATION_FAILED", `Choose 1 to ${maxCouponsPerConversion} coupons to convert.`);
    }
    const ids = couponIds.filter((id): id is string => isId("coupon", id));
    if (ids.length !== couponIds.length || new Set(ids).size !== ids.length) {
      throw new AppError("VALIDATION_FAILED", "Choose each coupon once.");
    }
    where = and(where, inArray(coupons.id, ids));
  }
  const query = db
    .select()
    .from(coupons)
    .where(where)
    .orderBy(asc(coupons.id))
    .limit(maxCouponsPerConversion);
  const rows = lock ? await query.for("update") : await query;
  if (couponIds !== "all" && rows.length !== couponIds.length) {
    throw new AppError("COUPON_NOT_ACTIVE", "Some of these coupons cannot be converted (any more); reload.");
  }
  if (rows.length === 0) throw new AppError("VALIDATION_FAILED", "There are no coupons to convert.");
  return rows;
}

function conversionOperation(shop: MemberShop, rows: { id: string; version: number }[]): Operation {
  return {
    type: "shop.convert",
    shop: shop.partyId,
    coupons: rows.map((row) => ({ couponId: row.id, version: row.version })),
  };
}

/** Step-up options for a shop owner converting the chosen (or all) received coupons to money. */
export async function beginShopConversion(
  db: DbOrTx,
  actor: Actor,
  input: { slug: string; couponIds: "all" | unknown[]; ip: string | null },
): Promise<{
  options: PublicKeyCredentialRequestOptionsJSON;
  count: number;
  totalMinor: bigint;
  couponIds: string[];
}> {
  const shop = await getMemberShopOrThrow(db, actor, {
    slug: input.slug,
    permission: "shop.coupons.convert",
  });
  await assertMayConvert(db, shop.partyId);
  const rows = await selectCoupons(db, shop, input.couponIds, false);
  const options = await beginStepUp(db, { actor, operation: conversionOperation(shop, rows), ip: input.ip });
  return {
    options,
    count: rows.length,
    totalMinor: rows.reduce((sum, row) => sum + row.amountMinor, 0n),
    couponIds: rows.map((row) => row.id),
  };
}

/**
 * A shop owner converts received coupons to money, confirmed by one passkey assertion over exactly those
 * coupons and versions: each gets its conversion posting (issuer:outstanding → the shop, paid out at the next
 * charging run) and `converted` event, all in one transaction.
 */
export async function completeShopConversion(
  db: DbOrTx,
  actor: Actor,
  input: { slug: string; couponIds: string[]; authorization: unknown; ip: string | null },
): Promise<{ converted: number; totalMinor: bigint }> {
  const shop = await getMemberShopOrThrow(db, actor, {
    slug: input.slug,
    permission: "shop.coupons.convert",
  });
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person confirms a conversion.");
  return inTransaction(db, async (tx) => {
    await assertMayConvert(tx, shop.partyId);
    const rows = await selectCoupons(tx, shop, input.couponIds, true);
    const memberAuthorization = await completeStepUpFor(tx, db, {
      actor,
      operation: conversionOperation(shop, rows),
      sent: input,
    });
    const at = new Date();
    for (const row of rows) {
      const postingId = await convertLockedCoupon(tx, row, {
        actor: { partyId: shop.partyId, userId: actor.userId },
        authorization: null,
        memberAuthorization,
        at,
      });
      await enqueueWebhookEvent(tx, {
        shopId: shop.shopId,
        type: "coupon.converted",
        data: {
          couponId: row.id,
          amountMinor: row.amountMinor.toString(),
          currency: row.currency,
          postingId,
        },
        at,
      });
    }
    const totalMinor = rows.reduce((sum, row) => sum + row.amountMinor, 0n);
    await recordAuditEvent(tx, {
      action: "shop.coupons_converted",
      actor,
      targetType: "shop",
      targetId: shop.shopId,
      data: { count: rows.length, totalMinor: totalMinor.toString() },
    });
    return { converted: rows.length, totalMinor };
  });
}
