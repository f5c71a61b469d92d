import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons, parties, transfers } from "@/db/schema";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";

export type OfferRow = typeof transfers.$inferSelect;

/**
 * Reads an offer (by transfer id, or by a claim code's hash) with its coupon and the giver's display name.
 * Not a check of who may see it: callers decide that (the named recipient, or whoever holds the claim code).
 */
export async function findOffer(
  db: DbOrTx,
  by: { transferId: string } | { claimCodeHash: string },
): Promise<{ transfer: OfferRow; coupon: CouponRow; fromName: string } | null> {
  if ("transferId" in by && !isId("transfer", by.transferId)) return null;
  const [row] = await db
    .select({ transfer: transfers, coupon: coupons, fromName: parties.displayName })
    .from(transfers)
    .innerJoin(coupons, eq(coupons.id, transfers.couponId))
    .innerJoin(parties, eq(parties.id, transfers.fromPartyId))
    .where(
      "transferId" in by ? eq(transfers.id, by.transferId) : eq(transfers.claimCodeHash, by.claimCodeHash),
    )
    .limit(1);
  return row ?? null;
}

/** The offer for `partyId` as recipient: a directed offer to them, or an open one found by its claim code. */
export async function findOfferForRecipientOrThrow(
  db: DbOrTx,
  partyId: string | null,
  by: { transferId: string } | { claimCodeHash: string },
) {
  const found = await findOffer(db, by);
  const invalid =
    "claimCodeHash" in by
      ? new AppError("CLAIM_CODE_INVALID", "This claim code is not valid.")
      : new AppError("NOT_FOUND", "No such offer.");
  if (!found) throw invalid;
  const mayLook =
    "claimCodeHash" in by ? found.transfer.toPartyId === null : found.transfer.toPartyId === partyId;
  if (!mayLook) throw invalid;
  return found;
}
