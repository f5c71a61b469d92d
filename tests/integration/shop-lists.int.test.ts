/** A shop's joined lists (members, statements), read through listJoinedPage on the real database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { getMemberShopOrThrow } from "../../lib/shops/get-member-shop";
import { listShopMembers } from "../../lib/shops/list-shop-members";
import { listShopStatements } from "../../lib/shops/list-shop-statements";
import { setupCouponEnvironment } from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { createShopWithProducts } from "../support/shop-fixtures";

let t: TestDatabase;
let owner: TestUser;
let shop: Awaited<ReturnType<typeof createShopWithProducts>>;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  owner = await createTestUser(t.db);
  shop = await createShopWithProducts(t.db, owner, []);
});
afterAll(async () => {
  await t?.destroy();
});

describe("a shop's lists", () => {
  it("lists its members with their names from users and their roles from the membership", async () => {
    const member = await getMemberShopOrThrow(t.db, shop.ownerActor, {
      slug: shop.slug,
      permission: "shop.read",
    });
    const members = await listShopMembers(t.db, shop.ownerActor, member);
    expect(members).toEqual([
      {
        userId: owner.userId,
        handle: owner.handle,
        displayName: expect.any(String),
        role: "owner",
        since: expect.any(Date),
      },
    ]);
  });

  it("lists no statements and a zero balance before any charging run", async () => {
    const member = await getMemberShopOrThrow(t.db, shop.ownerActor, {
      slug: shop.slug,
      permission: "shop.read",
    });
    expect(await listShopStatements(t.db, shop.ownerActor, member)).toEqual({
      statements: [],
      balanceMinor: 0n,
    });
  });
});
