import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { parties, paymentRequests, shops } from "../../db/schema";
import { newId } from "../../lib/ids";
import { createTestUser } from "./identity";
import { createShopWithProducts } from "./shop-fixtures";

/** Sets a party's status directly, as an admin's suspension or reinstatement leaves it. */
export const setPartyStatus = (db: DbOrTx, partyId: string, status: "active" | "suspended") =>
  db.update(parties).set({ status }).where(eq(parties.id, partyId));

/** A shop with one 500 product made the real way by a new merchant, with the shop's party. */
export async function makeSuspendableShop(db: DbOrTx) {
  const merchant = await createTestUser(db);
  const shop = await createShopWithProducts(db, merchant, [{ priceMinor: 500n }]);
  const [row] = await db.select({ partyId: shops.partyId }).from(shops).where(eq(shops.id, shop.shopId));
  return { merchant, ...shop, partyId: row?.partyId as string };
}

/** An open payment request of the shop (as the API would create it), open for an hour. */
export async function openPaymentRequest(db: DbOrTx, shopId: string, amountMinor: bigint) {
  const id = newId("paymentRequest");
  await db.insert(paymentRequests).values({
    id,
    shopId,
    amountMinor,
    currency: "EUR",
    orderReference: "ext-1",
    returnUrl: "https://shop.example/return",
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  return id;
}
