import type { Actor } from "@/lib/auth/actor";
import type { Permission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/**
 * The scopes a shop grants an API key, and the shop permissions each one carries. `payments` (payment
 * requests, accepting or declining coupons offered to the shop) has no permission of its own in
 * lib/auth/permissions.ts yet; it is checked by name with `requireApiScope`.
 */
export const apiKeyScopes = {
  read: { label: "Read", permissions: ["shop.read", "shop.orders.read"] },
  payments: { label: "Payments", permissions: ["shop.read"] },
  conversions: { label: "Conversions", permissions: ["shop.read", "shop.coupons.convert"] },
} as const satisfies Record<string, { label: string; permissions: readonly Permission[] }>;

export type ApiKeyScope = keyof typeof apiKeyScopes;
export const apiKeyScopeNames = Object.keys(apiKeyScopes) as ApiKeyScope[];

export const isApiKeyScope = (value: string): value is ApiKeyScope =>
  Object.hasOwn(apiKeyScopes, value) && apiKeyScopeNames.includes(value as ApiKeyScope);

/**
 * The actor scopes of a key: each stored scope name, plus the permissions it carries. A stored value that is
 * not a scope name (a permission granted directly, as older keys and tests do) is kept as it is.
 */
export function expandApiKeyScopes(stored: readonly string[]): string[] {
  const expanded = new Set<string>();
  for (const value of stored) {
    expanded.add(value);
    if (isApiKeyScope(value))
      for (const permission of apiKeyScopes[value].permissions) expanded.add(permission);
  }
  return [...expanded];
}

/**
 * Throws FORBIDDEN unless `actor` may act with one of `scopes` on `shopId`: the system always may; a shop actor
 * of that shop whose key holds one of them (an actor without a scope list acts with the shop's full rights).
 */
export function requireApiScope(actor: Actor, scopes: readonly ApiKeyScope[], shopId: string): void {
  if (actor.kind === "system") return;
  if (actor.kind === "shop" && actor.shopId === shopId) {
    if (!actor.scopes || scopes.some((scope) => actor.scopes?.includes(scope))) return;
    throw new AppError("FORBIDDEN", `This API key needs the ${scopes.join(" or ")} scope.`);
  }
  throw new AppError("FORBIDDEN", "You are not allowed to do this.");
}
