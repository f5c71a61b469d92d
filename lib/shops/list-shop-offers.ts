import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { decodeCursor, encodeCursor } from "@/lib/api/api-cursor";
import type { Actor } from "@/lib/auth/actor";
import { atSql, offerOpenSql } from "@/lib/transfers/open-offer-sql";
import { shopPartyOf } from "./list-received-coupons";

export const shopOfferPageSizeMax = 200;

export interface ShopOffer {
  transferId: string;
  /** The gift of several coupons it is part of (answered whole), or null. */
  groupId: string | null;
  couponId: string;
  amountMinor: bigint;
  currency: string;
  fromName: string;
  expiresAt: Date;
  offeredAt: Date;
}

export interface ShopOfferPage {
  offers: ShopOffer[];
  nextCursor: string | null;
}

/** Offer times in whole milliseconds, as a cursor carries them, so a page never skips or repeats an offer. */
const offeredAt = sql`date_trunc('milliseconds', t.created_at)`;

const offerRow = {
  transfer_id: column.text,
  group_id: column.textOrNull,
  coupon_id: column.text,
  amount_minor: column.bigint,
  currency: column.text,
  from_name: column.text,
  expires_at: column.date,
  created_at: column.date,
};

/**
 * The offers waiting for the shop's answer (pending and not past their expiry: a lapsed or cancelled offer is
 * not listed), one row per coupon, newest first, one page of at most `shopOfferPageSizeMax`; `nextCursor`
 * continues after the last one. A shop's API key needs `read`, a member `shop.read` on the shop.
 */
export async function listShopOffers(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; limit: number; cursor?: string },
  now = new Date(),
): Promise<ShopOfferPage> {
  const partyId = await shopPartyOf(db, actor, input.shopId);
  const limit = Math.min(Math.max(1, Math.trunc(input.limit)), shopOfferPageSizeMax);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await queryRows(
    db,
    offerRow,
    sql`select t.id as transfer_id, t.group_id, c.id as coupon_id, c.amount_minor::text, c.currency,
        p.display_name as from_name, t.expires_at, ${offeredAt} as created_at
      from transfers t join coupons c on c.id = t.coupon_id join parties p on p.id = t.from_party_id
      where t.to_party_id = ${partyId} and ${offerOpenSql("t", now)}
        ${after ? sql`and (${offeredAt}, t.id) < (${atSql(after.at)}, ${after.id})` : sql``}
      order by ${offeredAt} desc, t.id desc limit ${limit + 1}`,
  );
  const page = rows.slice(0, limit).map((row) => ({
    transferId: row.transfer_id,
    groupId: row.group_id,
    couponId: row.coupon_id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    fromName: row.from_name,
    expiresAt: row.expires_at,
    offeredAt: row.created_at,
  }));
  const last = page[page.length - 1];
  return {
    offers: page,
    nextCursor: rows.length > limit && last ? encodeCursor(last.offeredAt, last.transferId) : null,
  };
}

/** An offer as the dashboard shows it: a gift of several coupons once, its amounts summed. */
export interface FoldedShopOffer extends ShopOffer {
  couponCount: number;
}

/** One entry per gift: the transfers of a gift of several coupons fold into its first, their amounts summed. */
export function foldShopOffers(offers: ShopOffer[]): FoldedShopOffer[] {
  const byGroup = new Map<string, FoldedShopOffer>();
  const folded: FoldedShopOffer[] = [];
  for (const offer of offers) {
    const first = offer.groupId ? byGroup.get(offer.groupId) : undefined;
    if (first) {
      first.amountMinor += offer.amountMinor;
      first.couponCount += 1;
      continue;
    }
    const entry = { ...offer, couponCount: 1 };
    if (offer.groupId) byGroup.set(offer.groupId, entry);
    folded.push(entry);
  }
  return folded;
}
