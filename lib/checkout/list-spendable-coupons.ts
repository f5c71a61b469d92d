import "server-only";
import { and, asc, eq, gt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export const spendableCouponsLimit = 200;

/** The shopper's own coupons that can pay now in `currency`: active (not offered elsewhere) and unexpired. */
export async function listSpendableCoupons(db: DbOrTx, actor: Actor, currency: string) {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person pays at a shop.");
  return db
    .select({ id: coupons.id, amountMinor: coupons.amountMinor, expiresAt: coupons.expiresAt })
    .from(coupons)
    .where(
      and(
        eq(coupons.ownerPartyId, actor.partyId),
        eq(coupons.status, "active"),
        eq(coupons.currency, currency),
        gt(coupons.expiresAt, new Date()),
      ),
    )
    .orderBy(asc(coupons.expiresAt), asc(coupons.id))
    .limit(spendableCouponsLimit);
}
