import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { payoutAccounts, shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { assertMayChangePayoutAccount } from "@/lib/parties/suspension";

/** Whose payout account: the person's own (no shop), or a shop's. */
export interface PayoutScope {
  shopId?: string | null;
}

export interface PayoutParty {
  partyId: string;
  shop: { shopId: string; name: string } | null;
}

/**
 * The party whose payout account `actor` reads or changes. A person's own: `wallet.use` to read,
 * `account.manage` to change. A shop's: `shop.read` (staff) to read, `shop.payout_account.write` (owners) to
 * change. Changes are confirmed with a passkey, so only a person changes one; a suspended party's account does
 * not change (suspension freeze `changePayoutAccount`).
 */
export async function payoutPartyFor(
  db: DbOrTx,
  actor: Actor,
  scope: PayoutScope,
  access: "read" | "write",
): Promise<PayoutParty> {
  if (scope.shopId) {
    requirePermission(actor, access === "read" ? "shop.read" : "shop.payout_account.write", {
      shopId: scope.shopId,
    });
    const [shop] = await db
      .select({ partyId: shops.partyId, name: shops.name })
      .from(shops)
      .where(eq(shops.id, scope.shopId));
    if (!shop) throw new AppError("NOT_FOUND", "This shop does not exist.");
    if (access === "write") await assertMayChangePayoutAccount(db, shop.partyId);
    return { partyId: shop.partyId, shop: { shopId: scope.shopId, name: shop.name } };
  }
  requirePermission(actor, access === "read" ? "wallet.use" : "account.manage");
  if (actor.kind !== "user")
    throw new AppError("FORBIDDEN", "Only a person has a payout account of their own.");
  if (access === "write") await assertMayChangePayoutAccount(db, actor.partyId);
  return { partyId: actor.partyId, shop: null };
}

/** The party's payout account row, locked for the change when `forUpdate`. */
export async function payoutAccountRow(db: DbOrTx, partyId: string, forUpdate = false) {
  const query = db.select().from(payoutAccounts).where(eq(payoutAccounts.partyId, partyId));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row ?? null;
}
