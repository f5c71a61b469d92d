import { and, desc, eq, gt, inArray, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { issuanceRequests } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { walletPartyOf } from "./wallet-party";

/**
 * The acting person's coupon requests that did not become coupons at once: those awaiting an admin's approval, and
 * those rejected in the last 30 days with the reason given (approved ones show up as their coupon).
 */
export async function listOpenRequests(db: DbOrTx, actor: Actor) {
  const partyId = walletPartyOf(actor, "coupons.issue");
  const since = new Date(Date.now() - 30 * 86_400_000);
  return db
    .select({
      id: issuanceRequests.id,
      amountMinor: issuanceRequests.amountMinor,
      currency: issuanceRequests.currency,
      status: issuanceRequests.status,
      reason: issuanceRequests.reason,
      createdAt: issuanceRequests.createdAt,
      decidedAt: issuanceRequests.decidedAt,
    })
    .from(issuanceRequests)
    .where(
      and(
        eq(issuanceRequests.partyId, partyId),
        or(
          eq(issuanceRequests.status, "awaiting_approval"),
          and(inArray(issuanceRequests.status, ["rejected"]), gt(issuanceRequests.decidedAt, since)),
        ),
      ),
    )
    .orderBy(desc(issuanceRequests.createdAt))
    .limit(20);
}
