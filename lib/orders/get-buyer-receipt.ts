import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { getBuyerOrderOrThrow } from "@/lib/checkout/get-buyer-order";
import { walletPartyOf } from "@/lib/wallet/wallet-party";

const changeRow = { id: column.text, amount_minor: column.bigint, created_at: column.date };

/**
 * A coupon is the change of a checkout when it is the sibling of a coupon that paid the order, split off in
 * that checkout: the paying piece went to the shop at its first version, and both pieces were issued when the
 * order was paid. (`c` is the change candidate, `oc` the order's payment row.)
 */
export const checkoutChangeCondition = sql`
  exists (select 1 from coupons paid join transfers pt on pt.id = oc.transfer_id join orders po on po.id = oc.order_id
    where paid.id = oc.coupon_id and paid.parent_id = c.parent_id and paid.id <> c.id and pt.coupon_version = 1
      and c.issued_at >= date_trunc('second', po.paid_at) - interval '5 seconds'
      and c.issued_at <= po.paid_at + interval '5 seconds')`;

/**
 * The acting person's receipt for one of their own orders (NOT_FOUND for anyone else's): when, where, the items,
 * the coupons it was paid with, the change that stayed in their wallet and the refunds the shop gave back.
 */
export async function getBuyerReceipt(db: DbOrTx, actor: Actor, orderId: unknown) {
  walletPartyOf(actor);
  const order = await getBuyerOrderOrThrow(db, actor, orderId);
  const change = await queryRows(
    db,
    changeRow,
    sql`
    select distinct c.id, c.amount_minor, c.issued_at as created_at
    from order_coupons oc join coupons pc on pc.id = oc.coupon_id
      join coupons c on c.parent_id = pc.parent_id and c.id <> pc.id
    where oc.order_id = ${order.id} and oc.kind = 'payment' and pc.parent_id is not null and ${checkoutChangeCondition}
    order by c.id`,
  );
  return {
    ...order,
    payments: order.paidWith.filter((entry) => entry.kind === "payment"),
    refunds: order.paidWith.filter((entry) => entry.kind === "refund"),
    change: change.map((row) => ({ couponId: row.id, amountMinor: row.amount_minor })),
  };
}

export type BuyerReceipt = Awaited<ReturnType<typeof getBuyerReceipt>>;
