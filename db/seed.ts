import { eq, sql } from "drizzle-orm";
import { newId } from "../lib/ids";
import { getEnabledCurrencies } from "../lib/money/enabled-currencies";
import type { DbOrTx } from "./client";
import { parties, products, shops } from "./schema";

export const demoShopSlug = "demo";

const demoProducts = [
  { name: "Flat white", description: "Double shot, steamed milk.", priceMinor: 350n, stock: null },
  { name: "Almond croissant", description: "Baked this morning.", priceMinor: 290n, stock: null },
  {
    name: "Canvas tote bag",
    description: "Sturdy, printed with the Scrip logo.",
    priceMinor: 1200n,
    stock: 25,
  },
  { name: "Gift box", description: "Coffee beans and a mug.", priceMinor: 2500n, stock: 5 },
] as const;

/** The demo café takes the issuer's first enabled currency (EUR by default), so its shoppers can pay there. */
const demoCurrency = (): string => getEnabledCurrencies()[0] ?? "EUR";

/** Seeds the demo shop and its products once; later calls find the shop and change nothing. */
export async function seedDemoData(db: DbOrTx): Promise<{ created: boolean }> {
  return db.transaction(async (tx) => {
    // Serialise concurrent first starts so the demo shop is created once.
    await tx.execute(sql`select pg_advisory_xact_lock(727273)`);
    const existing = await tx.select({ id: shops.id }).from(shops).where(eq(shops.slug, demoShopSlug));
    if (existing.length > 0) return { created: false };
    const partyId = newId("party");
    const shopId = newId("shop");
    await tx.insert(parties).values({ id: partyId, kind: "shop", displayName: "Scrip Demo Café" });
    await tx
      .insert(shops)
      .values({ id: shopId, partyId, name: "Scrip Demo Café", slug: demoShopSlug, currency: demoCurrency() });
    await tx.insert(products).values(demoProducts.map((p) => ({ ...p, id: newId("product"), shopId })));
    return { created: true };
  });
}
