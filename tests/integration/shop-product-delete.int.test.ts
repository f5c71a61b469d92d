/** Deleting a product: gone from the shop and the catalogue, still on every receipt that names it. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { products } from "../../db/schema";
import { priceCart } from "../../lib/checkout/price-cart";
import { checkLedger } from "../../lib/ledger/check-ledger";
import { getBuyerReceipt } from "../../lib/orders/get-buyer-receipt";
import { deleteProduct } from "../../lib/shops/delete-product";
import { getMemberShopOrThrow } from "../../lib/shops/get-member-shop";
import { getShopOrderOrThrow } from "../../lib/shops/get-shop-order";
import { getStorefront } from "../../lib/shops/get-storefront";
import { listShopProducts } from "../../lib/shops/list-shop-products";
import { saveProduct } from "../../lib/shops/save-product";
import { setProductImage } from "../../lib/shops/set-product-image";
import {
  actorOf,
  couponTestDatabaseForFile,
  expectAppError,
  issueTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";
import { checkoutWith, createShopWithProducts, memberActor } from "../support/shop-fixtures";

const t = couponTestDatabaseForFile();

async function shopWithAnOrder() {
  const owner = await createTestUser(t.db);
  const shopper = await createTestUser(t.db);
  const shop = await createShopWithProducts(t.db, owner, [
    { priceMinor: 350n, name: "Flat white", stock: 10 },
    { priceMinor: 200n, name: "Croissant" },
  ]);
  const [flatWhite, croissant] = shop.productIds as [string, string];
  const coupon = await issueTestCoupon(t.db, shopper, { amountMinor: 1000n });
  const order = await checkoutWith(t.db, shopper, {
    slug: shop.slug,
    lines: [{ productId: flatWhite, quantity: 2 }],
    couponIds: [coupon.id],
  });
  const member = await getMemberShopOrThrow(t.db, shop.ownerActor, {
    slug: shop.slug,
    permission: "shop.read",
  });
  return { owner, shopper, shop, flatWhite, croissant, order, member };
}

describe("deleting a product", () => {
  it("takes it out of the shop and the catalogue, while its past order and receipt still name it at its price", async () => {
    const s = await shopWithAnOrder();
    await saveProduct(t.db, s.shop.ownerActor, {
      slug: s.shop.slug,
      productId: s.flatWhite,
      name: "Flat white",
      description: "",
      priceMinor: 400n,
      active: true,
      stock: 8,
    });
    expect(
      await deleteProduct(t.db, s.shop.ownerActor, { slug: s.shop.slug, productId: s.flatWhite }),
    ).toEqual({
      productId: s.flatWhite,
      name: "Flat white",
    });

    const storefront = await getStorefront(t.db, s.shop.slug);
    expect(storefront?.products.map((product) => product.name)).toEqual(["Croissant"]);
    const catalogue = await listShopProducts(t.db, s.shop.ownerActor, s.member);
    expect(catalogue.map((product) => product.name)).toEqual(["Croissant"]);

    const line = { productId: s.flatWhite, quantity: 1, name: "Flat white", unitPriceMinor: 350n };
    const receipt = await getBuyerReceipt(t.db, actorOf(s.shopper), s.order.orderId);
    expect(receipt.lines).toEqual([expect.objectContaining({ ...line, quantity: 2 })]);
    const shopOrder = await getShopOrderOrThrow(t.db, s.shop.ownerActor, s.member, s.order.orderId);
    expect(shopOrder.lines).toEqual([expect.objectContaining({ ...line, quantity: 2 })]);
    expect(shopOrder.totalMinor).toBe(700n);
    expect(await checkLedger(t.db)).toEqual([]);
  });

  it("refuses a cart that still holds it, and editing it, giving it an image or deleting it again", async () => {
    const s = await shopWithAnOrder();
    await deleteProduct(t.db, s.shop.ownerActor, { slug: s.shop.slug, productId: s.flatWhite });
    await expectAppError(
      priceCart(t.db, { shopId: s.shop.shopId, lines: [{ productId: s.flatWhite, quantity: 1 }] }),
      "PRODUCT_UNAVAILABLE",
    );
    await expectAppError(
      saveProduct(t.db, s.shop.ownerActor, {
        slug: s.shop.slug,
        productId: s.flatWhite,
        name: "Back again",
        description: "",
        priceMinor: 100n,
        active: true,
        stock: null,
      }),
      "NOT_FOUND",
    );
    await expectAppError(
      setProductImage(t.db, s.shop.ownerActor, { slug: s.shop.slug, productId: s.flatWhite, bytes: null }),
      "NOT_FOUND",
    );
    await expectAppError(
      deleteProduct(t.db, s.shop.ownerActor, { slug: s.shop.slug, productId: s.flatWhite }),
      "NOT_FOUND",
    );
    const [row] = await t.db.select().from(products).where(eq(products.id, s.flatWhite));
    expect(row).toMatchObject({ name: "Flat white", active: false, deletedAt: expect.any(Date) });
  });

  it("lets the shop's staff delete, but not a member of another shop nor someone outside", async () => {
    const s = await shopWithAnOrder();
    const other = await createShopWithProducts(t.db, await createTestUser(t.db), [{ priceMinor: 100n }]);
    await expectAppError(
      deleteProduct(t.db, other.ownerActor, { slug: s.shop.slug, productId: s.flatWhite }),
      "NOT_FOUND",
    );
    await expectAppError(
      deleteProduct(t.db, other.ownerActor, { slug: other.slug, productId: s.flatWhite }),
      "NOT_FOUND",
    );
    await expectAppError(
      deleteProduct(t.db, actorOf(s.shopper), { slug: s.shop.slug, productId: s.flatWhite }),
      "NOT_FOUND",
    );
    const still = await getStorefront(t.db, s.shop.slug);
    expect(still?.products.map((product) => product.name)).toEqual(["Flat white", "Croissant"]);

    const staff = await createTestUser(t.db);
    const staffActor = memberActor(staff, { [s.shop.shopId]: "staff" });
    await deleteProduct(t.db, staffActor, { slug: s.shop.slug, productId: s.croissant });
    const after = await getStorefront(t.db, s.shop.slug);
    expect(after?.products.map((product) => product.name)).toEqual(["Flat white"]);
  });
});
