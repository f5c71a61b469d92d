import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties, transfers } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import type { ClaimLinkStatus } from "./get-claim-link-status";

/**
 * Where an offer its giver made stands, for the giver's "Give in person" screen: pending (an offer past its
 * expiry reads as expired), or answered, with the display name of whoever accepted it. Only the giver learns
 * it; anyone else's offer looks like a missing one.
 */
export async function getGivenOffer(
  db: DbOrTx,
  actor: Actor,
  input: { transferId: unknown; now?: Date },
): Promise<{ status: ClaimLinkStatus; acceptedByName: string | null }> {
  requirePermission(actor, "coupons.transfer");
  const missing = new AppError("NOT_FOUND", "No such offer.");
  if (actor.kind !== "user" || !isId("transfer", input.transferId)) throw missing;
  const [row] = await db
    .select({ status: transfers.status, expiresAt: transfers.expiresAt, acceptedByName: parties.displayName })
    .from(transfers)
    .leftJoin(parties, eq(parties.id, transfers.acceptedByPartyId))
    .where(and(eq(transfers.id, input.transferId), eq(transfers.fromPartyId, actor.partyId)));
  if (!row) throw missing;
  const now = input.now ?? new Date();
  const status = row.status === "pending" && row.expiresAt <= now ? "expired" : row.status;
  return { status, acceptedByName: status === "accepted" ? row.acceptedByName : null };
}
