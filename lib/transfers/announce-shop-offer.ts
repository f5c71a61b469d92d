import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue-webhook-event";

const shopRow = { shop_id: column.text, from_name: column.text };

/**
 * When an offer's recipient is a shop, writes its `transfer.offered` webhook (one per coupon; the coupons of a
 * gift of several carry its `groupId`) in the offer's own transaction, so the shop's server hears of exactly the
 * offers that were committed. An offer to a person or an open offer announces nothing here.
 */
export async function announceShopOffer(
  tx: Tx,
  input: {
    transferId: string;
    coupon: Pick<CouponRow, "id" | "amountMinor" | "currency">;
    fromPartyId: string;
    toPartyId: string | null;
    groupId: string | null;
    expiresAt: Date;
    at: Date;
  },
): Promise<void> {
  if (input.toPartyId === null) return;
  const shop = await queryRow(
    tx,
    shopRow,
    sql`select s.id as shop_id, (select display_name from parties where id = ${input.fromPartyId}) as from_name
      from shops s where s.party_id = ${input.toPartyId}`,
  );
  if (!shop) return;
  await enqueueWebhookEvent(tx, {
    shopId: shop.shop_id,
    type: "transfer.offered",
    data: {
      transferId: input.transferId,
      groupId: input.groupId,
      couponId: input.coupon.id,
      amountMinor: input.coupon.amountMinor.toString(),
      currency: input.coupon.currency,
      expiresAt: input.expiresAt.toISOString(),
      fromName: shop.from_name,
    },
    at: input.at,
  });
}
