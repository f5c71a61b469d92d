import "server-only";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { uniqueViolationOf } from "@/db/postgres-errors";
import { parties, shopMembers, shops } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { ensureLedgerAccounts } from "@/lib/ledger/ensure-ledger-accounts";
import { toEnabledCurrency } from "@/lib/money/enabled-currencies";

/** A person may own at most this many shops. */
export const maxShopsPerPerson = 20;

const slugPattern = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;
/** Paths a slug must not take (they would read like Scrip's own pages). */
const reservedSlugs = new Set([
  "admin",
  "api",
  "merchant",
  "wallet",
  "pay",
  "claim",
  "signin",
  "signup",
  "scrip",
]);

/** Validates a shop's name and slug (lower-case letters, digits and inner hyphens, 3–40 characters). */
export function parseShopInput(input: { name: unknown; slug: unknown }): { name: string; slug: string } {
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (name.length < 1 || name.length > 100) {
    throw new AppError("VALIDATION_FAILED", "Give the shop a name of 1 to 100 characters.");
  }
  const slug = typeof input.slug === "string" ? input.slug.trim().toLowerCase() : "";
  if (!slugPattern.test(slug)) {
    throw new AppError(
      "VALIDATION_FAILED",
      "The address must be 3 to 40 lower-case letters, digits or hyphens, starting and ending with a letter or digit.",
    );
  }
  if (reservedSlugs.has(slug)) throw new AppError("SLUG_TAKEN", "This shop address is taken.");
  return { name, slug };
}

/**
 * A signed-in person creates a shop: its own party (which owns the coupons it takes and has its ledger account
 * in the shop's currency), a unique slug, and the person as its first owner.
 */
export async function createShop(
  db: DbOrTx,
  actor: Actor,
  input: { name: unknown; slug: unknown; currency: unknown },
): Promise<{ shopId: string; slug: string }> {
  requirePermission(actor, "account.manage");
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person creates shops.");
  const { name, slug } = parseShopInput(input);
  const currency = toEnabledCurrency(input.currency);
  try {
    return await inTransaction(db, async (tx) => {
      const owned = Object.values(actor.shopRoles ?? {}).filter((role) => role === "owner").length;
      if (owned >= maxShopsPerPerson) {
        throw new AppError("LIMIT_EXCEEDED", `You can own at most ${maxShopsPerPerson} shops.`);
      }
      const partyId = newId("party");
      const shopId = newId("shop");
      await tx.insert(parties).values({ id: partyId, kind: "shop", displayName: name });
      await tx.insert(shops).values({ id: shopId, partyId, name, slug, currency });
      await tx.insert(shopMembers).values({ shopId, userId: actor.userId, role: "owner" });
      await ensureLedgerAccounts(tx, currency, [partyId]);
      await recordAuditEvent(tx, {
        action: "shop.created",
        actor,
        targetType: "shop",
        targetId: shopId,
        data: { slug, currency },
      });
      return { shopId, slug };
    });
  } catch (error) {
    if (uniqueViolationOf(error) === "shops_slug_unique") {
      throw new AppError("SLUG_TAKEN", "This shop address is taken; choose another.");
    }
    throw error;
  }
}
