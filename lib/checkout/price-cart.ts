import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { products } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import type { PricedLine } from "./checkout-operation";

/** Limits on one cart: distinct products and units of each. */
export const maxCartLines = 50;
export const maxUnitsPerLine = 100;

export interface PricedCart {
  lines: (PricedLine & { name: string; stock: number | null })[];
  totalMinor: bigint;
}

/**
 * Prices a cart kept in the browser against the shop's current, active products: lines merged by product and
 * sorted by product id (the order stock rows are locked in), quantities within limits. A product of another
 * shop, inactive or unknown is refused by name where the shop sells it, else as unavailable.
 */
export async function priceCart(
  db: DbOrTx,
  input: { shopId: string; lines: readonly { productId: unknown; quantity: unknown }[] },
): Promise<PricedCart> {
  if (!Array.isArray(input.lines) || input.lines.length === 0) {
    throw new AppError("VALIDATION_FAILED", "Your cart is empty.");
  }
  if (input.lines.length > maxCartLines) {
    throw new AppError("VALIDATION_FAILED", `A cart holds at most ${maxCartLines} different products.`);
  }
  const quantities = new Map<string, number>();
  for (const line of input.lines) {
    if (!isId("product", line.productId)) throw new AppError("VALIDATION_FAILED", "Unknown product in cart.");
    const quantity = line.quantity;
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 1) {
      throw new AppError("VALIDATION_FAILED", "Each quantity must be a whole number of at least 1.");
    }
    const merged = (quantities.get(line.productId) ?? 0) + quantity;
    if (merged > maxUnitsPerLine) {
      throw new AppError("VALIDATION_FAILED", `Buy at most ${maxUnitsPerLine} of one product at a time.`);
    }
    quantities.set(line.productId, merged);
  }
  const ids = [...quantities.keys()].sort();
  const rows = await db
    .select({
      id: products.id,
      name: products.name,
      priceMinor: products.priceMinor,
      active: products.active,
      stock: products.stock,
    })
    .from(products)
    .where(and(eq(products.shopId, input.shopId), inArray(products.id, ids)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const lines: PricedCart["lines"] = [];
  let totalMinor = 0n;
  for (const productId of ids) {
    const row = byId.get(productId);
    if (!row) throw new AppError("PRODUCT_UNAVAILABLE", "A product in your cart is no longer sold here.");
    if (!row.active) throw new AppError("PRODUCT_UNAVAILABLE", `${row.name} is no longer for sale.`);
    const quantity = quantities.get(productId) as number;
    if (row.stock !== null && row.stock < quantity) {
      throw new AppError(
        "OUT_OF_STOCK",
        row.stock === 0 ? `${row.name} is sold out.` : `Only ${row.stock} of ${row.name} left.`,
      );
    }
    lines.push({ productId, quantity, unitPriceMinor: row.priceMinor, name: row.name, stock: row.stock });
    totalMinor += row.priceMinor * BigInt(quantity);
  }
  return { lines, totalMinor };
}
