import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { cursorKey, decodeCursor, encodeCursor } from "@/lib/admin/page-cursor";
import type { Actor } from "@/lib/auth/actor";
import { walletPartyOf } from "@/lib/wallet/wallet-party";

export const buyerOrdersPageSize = 20;

export interface BuyerOrderSummary {
  id: string;
  shopName: string;
  status: string;
  totalMinor: bigint;
  refundedMinor: bigint;
  currency: string;
  paidAt: Date;
  itemCount: number;
}

const orderRow = {
  id: column.text,
  shop_name: column.text,
  status: column.text,
  total_minor: column.bigint,
  refunded_minor: column.bigint,
  currency: column.text,
  paid_at: column.date,
  paid_key: column.text,
  item_count: column.int,
};

/**
 * "My orders": every purchase the acting person paid for (the buyer only), newest first, in keyset pages of
 * `buyerOrdersPageSize`. Orders still waiting for payment or cancelled before paying are not purchases.
 */
export async function listBuyerOrders(
  db: DbOrTx,
  actor: Actor,
  input: { cursor?: string | null } = {},
): Promise<{ orders: BuyerOrderSummary[]; nextCursor: string | null }> {
  const me = walletPartyOf(actor);
  const cursor = decodeCursor(input.cursor);
  const rows = await queryRows(
    db,
    orderRow,
    sql`
    select o.id, s.name as shop_name, o.status::text, o.total_minor, o.refunded_minor, o.currency, o.paid_at,
      ${cursorKey(sql`o.paid_at`)} as paid_key,
      (select coalesce(sum(i.quantity), 0)::int from order_items i where i.order_id = o.id) as item_count
    from orders o join shops s on s.id = o.shop_id
    where o.buyer_party_id = ${me} and o.paid_at is not null
      ${cursor ? sql`and (o.paid_at, o.id) < (${cursor.at}::timestamptz, ${cursor.id})` : sql``}
    order by o.paid_at desc, o.id desc limit ${buyerOrdersPageSize + 1}`,
  );
  const page = rows.slice(0, buyerOrdersPageSize);
  const last = page.at(-1);
  return {
    orders: page.map((row) => ({
      id: row.id,
      shopName: row.shop_name,
      status: row.status,
      totalMinor: row.total_minor,
      refundedMinor: row.refunded_minor,
      currency: row.currency,
      paidAt: row.paid_at,
      itemCount: row.item_count,
    })),
    nextCursor:
      rows.length > buyerOrdersPageSize && last ? encodeCursor({ at: last.paid_key, id: last.id }) : null,
  };
}
