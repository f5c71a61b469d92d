import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { can, requirePermission } from "./permissions";

const consumer: Actor = { kind: "user", userId: "usr_c", partyId: "pty_c", isAdmin: false };
const staffOfA: Actor = { ...consumer, shopRoles: { shp_a: "staff" } };
const ownerOfA: Actor = { ...consumer, shopRoles: { shp_a: "owner" } };
const admin: Actor = { kind: "user", userId: "usr_a", partyId: "pty_a", isAdmin: true };
const apiKeyOfA: Actor = { kind: "shop", shopId: "shp_a", partyId: "pty_shop_a", scopes: ["shop.read"] };

describe("can", () => {
  it("gives consumers the wallet permissions and nothing of shops or admin", () => {
    expect(can(consumer, "coupons.transfer")).toBe(true);
    expect(can(consumer, "shop.read", { shopId: "shp_a" })).toBe(false);
    expect(can(consumer, "charging.run")).toBe(false);
  });

  it("scopes shop permissions to the member's own shop and role", () => {
    expect(can(staffOfA, "shop.orders.read", { shopId: "shp_a" })).toBe(true);
    expect(can(staffOfA, "shop.orders.read", { shopId: "shp_b" })).toBe(false);
    expect(can(staffOfA, "shop.orders.refund", { shopId: "shp_a" })).toBe(false);
    expect(can(ownerOfA, "shop.orders.refund", { shopId: "shp_a" })).toBe(true);
    expect(can(ownerOfA, "shop.read")).toBe(false);
    expect(can(apiKeyOfA, "shop.read", { shopId: "shp_a" })).toBe(true);
    expect(can(apiKeyOfA, "shop.read", { shopId: "shp_b" })).toBe(false);
    expect(can(apiKeyOfA, "shop.orders.read", { shopId: "shp_a" })).toBe(false);
  });

  it("keeps back-office permissions for admins", () => {
    expect(can(admin, "charging.run")).toBe(true);
    expect(can(ownerOfA, "charging.run")).toBe(false);
    expect(() => requirePermission(consumer, "coupons.revoke")).toThrow(/not allowed/);
  });
});
