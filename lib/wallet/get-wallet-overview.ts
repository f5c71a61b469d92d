import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { couponValueRow } from "@/lib/coupons/coupon-summary";
import {
  type PurchaseLink,
  purchaseColumns,
  purchaseFrom,
  purchaseJoin,
  purchaseRow,
} from "@/lib/orders/purchase-link";
import { atSql, couponStatusAtSql, offerOpenSql } from "@/lib/transfers/open-offer-sql";

export interface CurrencyBalance {
  currency: string;
  /** Active, unexpired coupons held and not on offer. */
  spendableMinor: bigint;
  /** Coupons held that are offered to someone and not yet accepted. */
  pendingOutMinor: bigint;
  /** Coupons offered to this party, waiting for its answer. */
  pendingInMinor: bigint;
  /** Net of postings not yet in a charging run: > 0 will be invoiced, < 0 will be paid out. */
  unbilledNetMinor: bigint;
}

export interface HeldCoupon {
  id: string;
  amountMinor: bigint;
  currency: string;
  status: string;
  funded: boolean;
  expiresAt: Date;
  version: number;
}

export interface IncomingOffer {
  transferId: string;
  couponId: string;
  /** A gift of several coupons is one offer: its group, how many coupons, and their sum in `amountMinor`. */
  groupId: string | null;
  couponCount: number;
  amountMinor: bigint;
  currency: string;
  fromDisplayName: string;
  expiresAt: Date;
  /** The person's purchase this offer refunds, when a shop gives value back for it. */
  refundOf: PurchaseLink | null;
}

export interface WalletOverview {
  balances: CurrencyBalance[];
  coupons: HeldCoupon[];
  incomingOffers: IncomingOffer[];
}

/** Most coupons and offers one overview lists; the coupon list page pages through the rest. */
export const overviewListMax = 100;

const balanceRow = {
  currency: column.text,
  spendable: column.bigint,
  pending_out: column.bigint,
  pending_in: column.bigint,
  unbilled: column.bigint,
};
const couponRow = { ...couponValueRow, version: column.int };
const offerRow = {
  transfer_id: column.text,
  group_id: column.textOrNull,
  coupon_id: column.text,
  amount_minor: column.bigint,
  currency: column.text,
  from_name: column.text,
  expires_at: column.date,
  ...purchaseRow,
};

/**
 * Everything the wallet home shows for one party: balances per currency, coupons held (usable ones first),
 * incoming offers that need an answer, and what the next charging run will bill or pay. Reads only.
 */
export async function getWalletOverview(
  db: DbOrTx,
  partyId: string,
  now = new Date(),
): Promise<WalletOverview> {
  const at = atSql(now);
  // An offer past its expiry counts as over here already (open-offer-sql.ts), before the job closes it.
  const status = couponStatusAtSql("c", now);
  const [balanceRows, couponRows, offerRows] = await Promise.all([
    queryRows(
      db,
      balanceRow,
      sql`
      with held as (
        select c.currency,
          coalesce(sum(c.amount_minor) filter (where ${status} = 'active' and c.expires_at > ${at}), 0) as spendable,
          coalesce(sum(c.amount_minor) filter (where ${status} = 'offered'), 0) as pending_out
        from coupons c where c.owner_party_id = ${partyId} group by c.currency),
      incoming as (
        select c.currency, sum(c.amount_minor) as pending_in
        from transfers t join coupons c on c.id = t.coupon_id
        where t.to_party_id = ${partyId} and ${offerOpenSql("t", now)}
        group by c.currency),
      unbilled as (
        select a.currency,
          coalesce(sum(p.amount_minor) filter (where p.debit_account_id = a.id), 0)
            - coalesce(sum(p.amount_minor) filter (where p.credit_account_id = a.id), 0) as net
        from ledger_accounts a
        join postings p on (p.debit_account_id = a.id or p.credit_account_id = a.id) and scrip_posting_unbilled(p)
        where a.kind = 'party' and a.party_id = ${partyId}
        group by a.currency)
      select currency,
        coalesce(max(spendable), 0)::text as spendable, coalesce(max(pending_out), 0)::text as pending_out,
        coalesce(max(pending_in), 0)::text as pending_in, coalesce(max(net), 0)::text as unbilled
      from (
        select currency, spendable, pending_out, null::bigint as pending_in, null::bigint as net from held
        union all select currency, null, null, pending_in, null from incoming
        union all select currency, null, null, null, net from unbilled) all_rows
      group by currency order by currency`,
    ),
    queryRows(
      db,
      couponRow,
      sql`
      select c.id, c.amount_minor::text, c.currency, ${status} as status, c.funded, c.expires_at, c.version
      from coupons c
      where c.owner_party_id = ${partyId}
        and (c.status in ('active', 'offered') or (c.status = 'expired' and c.funded))
      order by (${status} = 'active' and c.expires_at > ${at}) desc, c.expires_at asc, c.id
      limit ${overviewListMax}`,
    ),
    queryRows(
      db,
      offerRow,
      sql`
      select t.id as transfer_id, t.group_id, c.id as coupon_id, c.amount_minor::text, c.currency,
        -- A sponsored campaign's offer names its campaign beside its sponsor: "Corner Café (Spring vouchers)".
        case when cm.id is null then p.display_name else p.display_name || ' (' || cm.name || ')' end as from_name,
        t.expires_at, ${purchaseColumns}
      from transfers t join coupons c on c.id = t.coupon_id join parties p on p.id = t.from_party_id
        left join campaigns cm on cm.id = c.campaign_id
        left join order_coupons oc on oc.transfer_id = t.id and oc.kind = 'refund'
        ${purchaseJoin(sql`oc.order_id`, partyId)}
      where t.to_party_id = ${partyId} and ${offerOpenSql("t", now)}
      order by t.created_at desc limit ${overviewListMax}`,
    ),
  ]);
  return {
    balances: balanceRows.map((row) => ({
      currency: row.currency,
      spendableMinor: row.spendable,
      pendingOutMinor: row.pending_out,
      pendingInMinor: row.pending_in,
      unbilledNetMinor: row.unbilled,
    })),
    coupons: couponRows.map((row) => ({
      id: row.id,
      amountMinor: row.amount_minor,
      currency: row.currency,
      status: row.status,
      funded: row.funded,
      expiresAt: row.expires_at,
      version: row.version,
    })),
    incomingOffers: foldGifts(
      offerRows.map((row) => ({
        transferId: row.transfer_id,
        couponId: row.coupon_id,
        groupId: row.group_id,
        couponCount: 1,
        amountMinor: row.amount_minor,
        currency: row.currency,
        fromDisplayName: row.from_name,
        expiresAt: row.expires_at,
        refundOf: purchaseFrom(row),
      })),
    ),
  };
}

/** One offer per gift: the transfers of a gift of several coupons fold into its first, their amounts summed. */
function foldGifts(offers: IncomingOffer[]): IncomingOffer[] {
  const byGroup = new Map<string, IncomingOffer>();
  const folded: IncomingOffer[] = [];
  for (const offer of offers) {
    const first = offer.groupId ? byGroup.get(offer.groupId) : undefined;
    if (first) {
      first.amountMinor += offer.amountMinor;
      first.couponCount += 1;
      continue;
    }
    if (offer.groupId) byGroup.set(offer.groupId, offer);
    folded.push(offer);
  }
  return folded;
}
