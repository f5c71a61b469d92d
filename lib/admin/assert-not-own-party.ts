import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { shopMembers, shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/**
 * Refuses an admin's decision on their own party: their wallet, or a shop they own or staff. Approving your
 * own issuance, raising your own credit, suspending or reinstating yourself or marking your own statements paid
 * or sent is self-dealing; another admin must do it. The system actor (jobs, bank files) has no party.
 */
export async function assertNotOwnParty(
  db: DbOrTx,
  actor: Actor,
  partyIds: readonly string[],
): Promise<void> {
  if (actor.kind === "system" || partyIds.length === 0) return;
  const refuse = () =>
    new AppError(
      "FORBIDDEN",
      "You cannot decide on your own account or on a shop you belong to; ask another administrator.",
    );
  if (partyIds.includes(actor.partyId)) throw refuse();
  if (actor.kind !== "user") return;
  const [own] = await db
    .select({ partyId: shops.partyId })
    .from(shopMembers)
    .innerJoin(shops, eq(shops.id, shopMembers.shopId))
    .where(and(eq(shopMembers.userId, actor.userId), inArray(shops.partyId, [...new Set(partyIds)])))
    .limit(1);
  if (own) throw refuse();
}
