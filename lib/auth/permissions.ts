import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";

/**
 * Every permission in Scrip, and who holds it. Consumers hold the wallet permissions for their own party;
 * shop owners and staff hold shop permissions for their shop only; admins hold the back-office permissions.
 */
export const permissions = {
  "account.manage": "consumer",
  "wallet.use": "consumer",
  "coupons.issue": "consumer",
  "coupons.hold": "consumer",
  "coupons.transfer": "consumer",
  "coupons.convert": "consumer",
  "shop.read": "shop_staff",
  "shop.orders.read": "shop_staff",
  "shop.orders.refund": "shop_owner",
  "shop.products.write": "shop_staff",
  /** Take payments at the shop's till (ask for an amount, scan a customer's coupon, cancel). */
  "shop.till": "shop_staff",
  "shop.coupons.convert": "shop_owner",
  "shop.members.write": "shop_owner",
  "shop.api_keys.write": "shop_owner",
  "shop.webhooks.write": "shop_owner",
  /** Set or remove where Scrip pays the shop (staff read it masked through `shop.read`). */
  "shop.payout_account.write": "shop_owner",
  /** Create and run the shop's sponsored campaigns (#19): they charge the shop. */
  "shop.campaigns.write": "shop_owner",
  "admin.read": "admin",
  "issuance.approve": "admin",
  "coupons.revoke": "admin",
  "charging.run": "admin",
  "settlement.write": "admin",
  "parties.write": "admin",
  "keys.rotate": "admin",
  "audit.read": "admin",
  /** Create a sponsored campaign for any sponsor, and run any campaign. */
  "campaigns.manage": "admin",
} as const;

export type Permission = keyof typeof permissions;

/**
 * True when `actor` holds `permission` (for shop permissions: on `shopId`). The system holds everything. A
 * shop actor authenticated by an API key holds only the permissions among its key's scopes.
 */
export function can(actor: Actor, permission: Permission, scope: { shopId?: string } = {}): boolean {
  const holder = permissions[permission];
  if (actor.kind === "system") return true;
  switch (holder) {
    case "consumer":
      return actor.kind === "user";
    case "admin":
      return actor.kind === "user" && actor.isAdmin;
    case "shop_staff":
    case "shop_owner": {
      if (!scope.shopId) return false;
      if (actor.kind === "shop") {
        return actor.shopId === scope.shopId && (!actor.scopes || actor.scopes.includes(permission));
      }
      const role = actor.shopRoles?.[scope.shopId];
      return holder === "shop_staff" ? role === "owner" || role === "staff" : role === "owner";
    }
    default: {
      const unreachable: never = holder;
      throw new Error(`unknown permission holder ${unreachable}`);
    }
  }
}

/** Throws FORBIDDEN unless `actor` holds `permission`. */
export function requirePermission(
  actor: Actor,
  permission: Permission,
  scope: { shopId?: string } = {},
): void {
  if (!can(actor, permission, scope)) {
    throw new AppError("FORBIDDEN", "You are not allowed to do this.");
  }
}
