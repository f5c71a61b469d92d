import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow, queryRows } from "@/db/rows";
import {
  type PurchaseLink,
  purchaseColumns,
  purchaseFrom,
  purchaseJoin,
  purchaseRow,
} from "@/lib/orders/purchase-link";

/** One piece a coupon was split into, as the person who split it sees it. */
export interface SplitPiece {
  /** Null when the viewer never held this piece: its amount shows, but no link to it. */
  id: string | null;
  amountMinor: bigint;
  currency: string;
  /** What became of it for the viewer: still theirs, given to someone, or paid to a shop (by name). */
  fate: { kind: "kept" } | { kind: "given" | "paid"; toName: string } | null;
}

/** How a coupon is linked to the viewer's purchases and to the coupons it was split from or into. */
export interface CouponLinks {
  /** The viewer's purchase this coupon is the change of. */
  changeOf: PurchaseLink | null;
  /** The viewer's purchase the offer of this coupon to them refunds (while it waits for their answer). */
  refundOf: PurchaseLink | null;
  /** The coupon this one was split from, when the viewer held that one too. */
  splitFrom: { id: string; amountMinor: bigint; currency: string } | null;
  /** The pieces this coupon was split into, when it was. */
  pieces: SplitPiece[];
}

/** Whether the viewer ever held the coupon `id` (issued to or accepted by them) or holds it now. */
const heldBy = (id: ReturnType<typeof sql>, viewerPartyId: string) => sql`(
  exists (select 1 from coupons h where h.id = ${id} and h.owner_party_id = ${viewerPartyId})
  or exists (select 1 from coupon_events e where e.coupon_id = ${id} and e.to_party_id = ${viewerPartyId}
    and e.kind in ('issued', 'accepted')))`;

const couponRow = {
  ...purchaseRow,
  parent_id: column.textOrNull,
  parent_amount: column.bigintOrNull,
  parent_currency: column.textOrNull,
};
const refundRow = purchaseRow;
const pieceRow = {
  id: column.text,
  amount_minor: column.bigint,
  currency: column.text,
  held: column.boolean,
  owned: column.boolean,
  to_name: column.textOrNull,
  paid: column.boolean,
};

/**
 * The links of a coupon the viewer may see (the caller checked that): the purchase it is the change of and the
 * purchase a pending offer of it to the viewer refunds (only the viewer's own purchases), the coupon it was
 * split from and the pieces it was split into (only for the party that split it) — a link only to coupons the
 * viewer held or holds, and of each piece only what it did while the viewer held it (never a later holder's
 * doings).
 */
export async function getCouponLinks(
  db: DbOrTx,
  viewerPartyId: string,
  couponId: string,
): Promise<CouponLinks> {
  const [coupon, refund, pieces] = await Promise.all([
    queryRow(
      db,
      couponRow,
      sql`
      select ${purchaseColumns}, par.id as parent_id, par.amount_minor::text as parent_amount,
        par.currency as parent_currency
      from coupons c
        ${purchaseJoin(sql`c.change_order_id`, viewerPartyId)}
        left join coupons par on par.id = c.parent_id and ${heldBy(sql`par.id`, viewerPartyId)}
      where c.id = ${couponId}`,
    ),
    queryRows(
      db,
      refundRow,
      sql`
      select ${purchaseColumns}
      from transfers t join order_coupons oc on oc.transfer_id = t.id and oc.kind = 'refund'
        ${purchaseJoin(sql`oc.order_id`, viewerPartyId)}
      where t.coupon_id = ${couponId} and t.status = 'pending' and t.to_party_id = ${viewerPartyId}
      limit 1`,
    ),
    queryRows(
      db,
      pieceRow,
      sql`
      select p.id, p.amount_minor::text as amount_minor, p.currency, ${heldBy(sql`p.id`, viewerPartyId)} as held,
        p.owner_party_id = ${viewerPartyId} as owned, gone.to_name, coalesce(gone.paid, false) as paid
      from coupons p
      left join lateral (
        select a.display_name as to_name, t.order_id is not null as paid
        from transfers t join parties a on a.id = t.accepted_by_party_id
        where t.coupon_id = p.id and t.from_party_id = ${viewerPartyId} and t.status = 'accepted'
        order by t.decided_at desc nulls last limit 1
      ) gone on true
      where p.parent_id = ${couponId} and exists (select 1 from coupon_events e
        where e.coupon_id = ${couponId} and e.kind = 'split' and e.actor_party_id = ${viewerPartyId})
      order by p.amount_minor, p.id`,
    ),
  ]);
  return {
    changeOf: coupon ? purchaseFrom(coupon) : null,
    refundOf: refund[0] ? purchaseFrom(refund[0]) : null,
    splitFrom:
      coupon?.parent_id && coupon.parent_amount !== null && coupon.parent_currency
        ? { id: coupon.parent_id, amountMinor: coupon.parent_amount, currency: coupon.parent_currency }
        : null,
    pieces: pieces.map((piece) => ({
      id: piece.held ? piece.id : null,
      amountMinor: piece.amount_minor,
      currency: piece.currency,
      fate: !piece.held
        ? null
        : piece.owned
          ? { kind: "kept" }
          : piece.to_name
            ? { kind: piece.paid ? "paid" : "given", toName: piece.to_name }
            : null,
    })),
  };
}
