import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { orderItems, products } from "@/db/schema";

/** An order's lines with their product names, by name. The caller has already checked who may see the order. */
export async function listOrderLines(db: DbOrTx, orderId: string) {
  return db
    .select({
      productId: orderItems.productId,
      name: products.name,
      quantity: orderItems.quantity,
      unitPriceMinor: orderItems.unitPriceMinor,
    })
    .from(orderItems)
    .innerJoin(products, eq(products.id, orderItems.productId))
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(products.name));
}
