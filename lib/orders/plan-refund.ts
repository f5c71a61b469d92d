import { eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { coupons as couponTable, orders } from "@/db/schema";
import type { PlannedCoupon } from "@/lib/checkout/checkout-operation";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { formatMoney, moneyOf, toAmountMinor } from "@/lib/money/money";

export type OrderRow = typeof orders.$inferSelect;

export interface RefundPlan {
  order: OrderRow & { buyerPartyId: string };
  amountMinor: bigint;
  coupons: PlannedCoupon[];
  locked: Map<string, CouponRow>;
  newCouponMinor: bigint;
}

const idRow = { id: column.text };

/**
 * Plans a refund of `amountMinor` on a shop's paid order: the coupons that paid it (or what is left of them after
 * earlier refunds split them) that the shop still holds, active and unexpired, largest first, whole while they
 * fit and the smallest that covers the rest split; whatever they cannot cover becomes a new coupon the shop
 * issues and funds. With `lock`, the order and those coupons are locked (refunds of one order serialise).
 */
export async function planRefund(
  db: DbOrTx,
  input: {
    shopId: string;
    shopPartyId: string;
    orderId: unknown;
    amountMinor: unknown;
    lock: boolean;
    now: Date;
  },
): Promise<RefundPlan> {
  if (!isId("order", input.orderId)) throw new AppError("NOT_FOUND", "No such order.");
  const amountMinor = toAmountMinor(input.amountMinor);
  const orderQuery = db.select().from(orders).where(eq(orders.id, input.orderId));
  const [order] = input.lock ? await orderQuery.for("update") : await orderQuery;
  if (!order || order.shopId !== input.shopId) throw new AppError("NOT_FOUND", "No such order.");
  if ((order.status !== "paid" && order.status !== "partially_refunded") || !order.buyerPartyId) {
    throw new AppError("ORDER_NOT_REFUNDABLE", "Only a paid order can be refunded.");
  }
  const refundable = order.totalMinor - order.refundedMinor;
  if (amountMinor > refundable) {
    throw new AppError(
      "REFUND_TOO_LARGE",
      `At most ${formatMoney(moneyOf(refundable, order.currency))} of this order is left to refund.`,
    );
  }
  // The coupons that paid the order and their descendants by split, as the shop holds them now.
  const found = await queryRows(
    db,
    idRow,
    sql`
    with recursive lineage as (
      select coupon_id as id from order_coupons where order_id = ${order.id} and kind = 'payment'
      union
      select c.id from coupons c join lineage l on c.parent_id = l.id
    )
    select c.id from coupons c join lineage l on l.id = c.id
    where c.owner_party_id = ${input.shopPartyId} and c.status = 'active' and c.expires_at > ${input.now.toISOString()}::timestamptz
    order by c.id
    ${input.lock ? sql`for update of c` : sql``}`,
  );
  const ids = found.map((row) => row.id);
  const rows = ids.length ? await db.select().from(couponTable).where(inArray(couponTable.id, ids)) : [];
  const candidates = rows.sort((a, b) =>
    a.amountMinor === b.amountMinor ? a.id.localeCompare(b.id) : a.amountMinor > b.amountMinor ? -1 : 1,
  );
  const coupons: PlannedCoupon[] = [];
  let left = amountMinor;
  const unused = [];
  for (const candidate of candidates) {
    if (left > 0n && candidate.amountMinor <= left) {
      coupons.push({
        couponId: candidate.id,
        version: candidate.version,
        amountMinor: candidate.amountMinor,
        payMinor: candidate.amountMinor,
      });
      left -= candidate.amountMinor;
    } else unused.push(candidate);
  }
  const splittable = unused.filter((candidate) => candidate.amountMinor > left).at(-1);
  if (left > 0n && splittable) {
    coupons.push({
      couponId: splittable.id,
      version: splittable.version,
      amountMinor: splittable.amountMinor,
      payMinor: left,
    });
    left = 0n;
  }
  return {
    order: order as RefundPlan["order"],
    amountMinor,
    coupons,
    locked: new Map(rows.map((row) => [row.id, row])),
    newCouponMinor: left,
  };
}
