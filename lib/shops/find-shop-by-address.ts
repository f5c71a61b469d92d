import "server-only";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { handleLookupsPerMinute } from "@/lib/users/find-user-by-handle";
import { findShopBySlug } from "./get-member-shop";

export interface FoundShop {
  name: string;
  slug: string;
  partyId: string;
  currency: string;
}

const slugPattern = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

/**
 * The slug in what a person typed as a shop's address: the slug itself ("corner-cafe"), its storefront path
 * ("/s/corner-cafe") or a pasted storefront link ("https://host/s/corner-cafe?x#y"). Null when it is none.
 */
export function slugOfAddress(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const text = raw.trim();
  if (text.length === 0 || text.length > 300) return null;
  let path = text;
  if (/^https?:\/\//i.test(text)) {
    try {
      path = new URL(text).pathname;
    } catch {
      return null;
    }
  }
  const match = /^\/?s\/([^/?#]+)\/?(?:[?#].*)?$/i.exec(path);
  const slug = (match?.[1] ?? path).toLowerCase();
  return slugPattern.test(slug) ? slug : null;
}

/**
 * Finds the shop a person means to give to, by its address (slug or storefront link), so the giver sees its
 * name before confirming. Refuses an unknown address, a suspended shop and (with `currency`) a shop that does not
 * take coupons in that currency, each in words; every look-up counts against the caller's handle look-ups.
 */
export async function findShopByAddress(
  db: DbOrTx,
  actor: Actor,
  input: { address: unknown; currency?: string },
): Promise<FoundShop> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can look up shops to give to.");
  const slug = slugOfAddress(input.address);
  if (!slug) {
    throw new AppError(
      "VALIDATION_FAILED",
      "Enter the shop's address, like corner-cafe, or paste its link, like https://…/s/corner-cafe.",
    );
  }
  await consumeRateLimit(
    db,
    { key: `handle-lookup:account:${actor.userId}`, limit: handleLookupsPerMinute, windowSeconds: 60 },
    "Too many look-ups; wait a minute.",
  );
  const shop = await findShopBySlug(db, slug);
  if (!shop) throw new AppError("NOT_FOUND", `There is no shop at the address ${slug}.`);
  if (shop.status !== "active") {
    throw new AppError("ACCOUNT_SUSPENDED", `${shop.name} is suspended and cannot take coupons now.`);
  }
  if (input.currency !== undefined && input.currency !== shop.currency) {
    throw new AppError(
      "CURRENCY_MISMATCH",
      `${shop.name} takes coupons in ${shop.currency} only; this coupon is in ${input.currency}.`,
    );
  }
  return { name: shop.name, slug: shop.slug, partyId: shop.partyId, currency: shop.currency };
}
