import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { getBuyerOrderOrThrow } from "@/lib/checkout/get-buyer-order";
import { walletPartyOf } from "@/lib/wallet/wallet-party";

const changeRow = { id: column.text, amount_minor: column.bigint };

/**
 * The acting person's receipt for one of their own orders (NOT_FOUND for anyone else's): when, where, the items,
 * the coupons it was paid with, the change its checkout split off (recorded on the change coupon) and the
 * refunds the shop gave back.
 */
export async function getBuyerReceipt(db: DbOrTx, actor: Actor, orderId: unknown) {
  walletPartyOf(actor);
  const order = await getBuyerOrderOrThrow(db, actor, orderId);
  const change = await queryRows(
    db,
    changeRow,
    sql`
    select c.id, c.amount_minor from coupons c where c.change_order_id = ${order.id} order by c.id`,
  );
  return {
    ...order,
    payments: order.paidWith.filter((entry) => entry.kind === "payment"),
    refunds: order.paidWith.filter((entry) => entry.kind === "refund"),
    change: change.map((row) => ({ couponId: row.id, amountMinor: row.amount_minor })),
  };
}

export type BuyerReceipt = Awaited<ReturnType<typeof getBuyerReceipt>>;
