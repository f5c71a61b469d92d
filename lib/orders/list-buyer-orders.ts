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
  shopName: column.text,
  status: column.text,
  totalMinor: column.bigint,
  refundedMinor: column.bigint,
  currency: column.text,
  paidAt: column.date,
  paidKey: column.text,
  itemCount: column.int,
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
    select o.id, s.name as "shopName", o.status::text as status, o.total_minor as "totalMinor",
      o.refunded_minor as "refundedMinor", o.currency, o.paid_at as "paidAt", ${cursorKey(sql`o.paid_at`)} as "paidKey",
      (select coalesce(sum(i.quantity), 0)::int from order_items i where i.order_id = o.id) as "itemCount"
    from orders o join shops s on s.id = o.shop_id
    where o.buyer_party_id = ${me} and o.paid_at is not null
      ${cursor ? sql`and (o.paid_at, o.id) < (${cursor.at}::timestamptz, ${cursor.id})` : sql``}
    order by o.paid_at desc, o.id desc limit ${buyerOrdersPageSize + 1}`,
  );
  const page = rows.slice(0, buyerOrdersPageSize);
  const last = page.at(-1);
  return {
    orders: page.map(({ paidKey: _key, ...order }) => order),
    nextCursor:
      rows.length > buyerOrdersPageSize && last ? encodeCursor({ at: last.paidKey, id: last.id }) : null,
  };
}
