import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { cursorKey, decodeCursor, encodeCursor } from "@/lib/admin/page-cursor";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { getEnabledCurrencies } from "@/lib/money/enabled-currencies";
import { parseMoney } from "@/lib/money/money";
import { purchaseJoin } from "@/lib/orders/purchase-link";
import { couponStatusAtSql } from "@/lib/transfers/open-offer-sql";
import { walletPartyOf } from "./wallet-party";

/** How a coupon the person once held stands for them now (never what a later holder did with it). */
export const historyStatuses = [
  "ready",
  "offered",
  "given_away",
  "spent",
  "converted",
  "expired",
  "revoked",
  "split",
  "void",
] as const;
export type HistoryStatus = (typeof historyStatuses)[number];

/** The wallet history's filter: all, or one of the statuses a person looks for. */
export const historyFilters = [
  "all",
  "ready",
  "given_away",
  "spent",
  "converted",
  "expired",
  "revoked",
] as const;
export type HistoryFilter = (typeof historyFilters)[number];

export const historyPageSize = 20;
const maxSearchLength = 60;

export interface HistoryCoupon {
  id: string;
  amountMinor: bigint;
  currency: string;
  status: HistoryStatus;
  issuedAt: Date;
  expiresAt: Date;
  /** Who gave it to this person, or whom they gave it to (the shop, when spent). */
  otherPartyName: string | null;
  /** The order it paid (spent), the order its change came from, or the order it refunds. */
  orderId: string | null;
  orderRole: "paid" | "change" | "refund" | null;
  /** That order's shop and when it was paid, to name the purchase ("at <shop> on <date>"). */
  orderShopName: string | null;
  orderPaidAt: Date | null;
}

export interface CouponHistoryPage {
  coupons: HistoryCoupon[];
  nextCursor: string | null;
  /** Whether the person ever held any coupon at all (so "No coupons yet" shows only then). */
  everHeld: boolean;
}

const historyRow = {
  id: column.text,
  amountMinor: column.bigint,
  currency: column.text,
  status: column.oneOf(historyStatuses),
  issuedAt: column.date,
  issuedKey: column.text,
  expiresAt: column.date,
  otherPartyName: column.textOrNull,
  paidOrder: column.textOrNull,
  changeOrder: column.textOrNull,
  refundOrder: column.textOrNull,
  orderShopName: column.textOrNull,
  orderPaidAt: column.dateOrNull,
};
const anyRow = { one: column.int };

/** `%`-safe ILIKE pattern for a person's search text. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The amounts a search text could mean, one per enabled currency ("5" → €5.00); none when it is no amount. */
function amountsOf(text: string): { currency: string; amountMinor: bigint }[] {
  const bare = text.replace(/^[^0-9]+/, "").replace(",", ".");
  if (!/^[0-9]+(\.[0-9]+)?$/.test(bare)) return [];
  return getEnabledCurrencies().flatMap((currency) => {
    try {
      return [parseMoney(bare, currency)];
    } catch {
      return [];
    }
  });
}

function searchCondition(me: string, search: string): SQL {
  const amounts = amountsOf(search);
  const byAmount = amounts.map(
    (a) => sql`(h.currency = ${a.currency} and h.amount_minor = ${a.amountMinor})`,
  );
  const byName = sql`exists (
    select 1 from coupon_events e join parties p on p.id in (e.from_party_id, e.to_party_id) and p.id <> ${me}
    where e.coupon_id = h.id and e.kind = 'accepted' and ${me} in (e.from_party_id, e.to_party_id)
      and p.display_name ilike ${likePattern(search)})`;
  return sql.join([...byAmount, byName], sql` or `);
}

/**
 * Every coupon the acting person ever held — as issued to them or accepted by them — newest first, with how it
 * stands for them: still theirs (ready, offered, converted, expired, revoked, split, void), given away or spent
 * at a shop. Past holders see only their own part (whom they gave it to), never a later holder's doings.
 * Filter by `status`, search by amount or the other party's name; keyset pages of `historyPageSize`.
 */
export async function listCouponHistory(
  db: DbOrTx,
  actor: Actor,
  input: { status?: string; search?: string; cursor?: string | null } = {},
  now = new Date(),
): Promise<CouponHistoryPage> {
  const me = walletPartyOf(actor, "coupons.hold");
  const status = input.status ?? "all";
  if (!(historyFilters as readonly string[]).includes(status)) {
    throw new AppError("VALIDATION_FAILED", "Choose one of the listed statuses.");
  }
  const search = (input.search ?? "").trim();
  if (search.length > maxSearchLength) {
    throw new AppError("VALIDATION_FAILED", `Search for at most ${maxSearchLength} characters.`);
  }
  const cursor = decodeCursor(input.cursor);
  const conditions: SQL[] = [sql`true`];
  if (status !== "all") conditions.push(sql`h.view_status = ${status}`);
  if (search) conditions.push(sql`(${searchCondition(me, search)})`);
  if (cursor) conditions.push(sql`(h.issued_at, h.id) < (${cursor.at}::timestamptz, ${cursor.id})`);
  const rows = await queryRows(
    db,
    historyRow,
    sql`
    with held as (
      select distinct e.coupon_id from coupon_events e
      where e.to_party_id = ${me} and e.kind in ('issued', 'accepted')
    ), h as (
      select c.id, c.amount_minor, c.currency, c.issued_at, c.expires_at,
        case
          when c.owner_party_id <> ${me} then case when gone.order_id is null then 'given_away' else 'spent' end
          when c.status in ('active', 'offered') and c.expires_at <= ${now.toISOString()}::timestamptz then 'expired'
          when ${couponStatusAtSql("c", now)} = 'active' then 'ready'
          else c.status::text
        end as view_status,
        case when c.owner_party_id <> ${me} then gone.to_name else came.from_name end as other_name,
        case when c.owner_party_id <> ${me} then gone.order_id end as paid_order,
        (select o.id from orders o where o.id = c.change_order_id and o.buyer_party_id = ${me}) as change_order,
        (select oc.order_id from order_coupons oc where oc.coupon_id = c.id and oc.kind = 'refund'
          order by oc.created_at desc limit 1) as refund_order
      from held join coupons c on c.id = held.coupon_id
      left join lateral (
        select p.display_name as to_name, t.order_id from transfers t join parties p on p.id = t.accepted_by_party_id
        where t.coupon_id = c.id and t.from_party_id = ${me} and t.status = 'accepted'
        order by t.decided_at desc nulls last limit 1
      ) gone on true
      left join lateral (
        select p.display_name as from_name from transfers t join parties p on p.id = t.from_party_id
        where t.coupon_id = c.id and t.accepted_by_party_id = ${me} and t.status = 'accepted'
        order by t.decided_at desc nulls last limit 1
      ) came on true
    )
    select h.id, h.amount_minor as "amountMinor", h.currency, h.view_status as status, h.issued_at as "issuedAt",
      ${cursorKey(sql`h.issued_at`)} as "issuedKey", h.expires_at as "expiresAt", h.other_name as "otherPartyName",
      h.paid_order as "paidOrder", h.change_order as "changeOrder", h.refund_order as "refundOrder",
      purchase.shop_name as "orderShopName", purchase.paid_at as "orderPaidAt"
    from h ${purchaseJoin(sql`coalesce(h.paid_order, h.change_order, h.refund_order)`, me)}
    where ${sql.join(conditions, sql` and `)}
    order by h.issued_at desc, h.id desc limit ${historyPageSize + 1}`,
  );
  const page = rows.slice(0, historyPageSize);
  const last = page.at(-1);
  const everHeld =
    page.length > 0 ||
    (
      await queryRows(
        db,
        anyRow,
        sql`select 1 as one from coupon_events e
          where e.to_party_id = ${me} and e.kind in ('issued', 'accepted') limit 1`,
      )
    ).length > 0;
  return {
    coupons: page.map(({ issuedKey: _key, paidOrder, changeOrder, refundOrder, ...coupon }) => ({
      ...coupon,
      orderId: paidOrder ?? changeOrder ?? refundOrder,
      orderRole: paidOrder ? "paid" : changeOrder ? "change" : refundOrder ? "refund" : null,
    })),
    nextCursor:
      rows.length > historyPageSize && last ? encodeCursor({ at: last.issuedKey, id: last.id }) : null,
    everHeld,
  };
}
