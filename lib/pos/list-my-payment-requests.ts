import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";

/** At most this many requests are listed (a till's request lasts ten minutes: more is a flood, not a queue). */
export const myPaymentRequestsLimit = 20;

const requestRow = {
  id: column.text,
  shopName: column.text,
  amountMinor: column.bigint,
  currency: column.text,
  expiresAt: column.date,
};

export interface MyPaymentRequest {
  id: string;
  shopName: string;
  amountMinor: bigint;
  currency: string;
  expiresAt: Date;
}

/**
 * The payment requests addressed to the signed-in person (a till scanned their coupon) that they may still pay:
 * open and unexpired, soonest to expire first, at most `myPaymentRequestsLimit`. Only their own: requests anyone
 * may pay, and those addressed to others, are never listed.
 */
export async function listMyPaymentRequests(
  db: DbOrTx,
  actor: Actor,
  input: { now?: Date } = {},
): Promise<MyPaymentRequest[]> {
  requirePermission(actor, "wallet.use");
  if (actor.kind !== "user") return [];
  const now = input.now ?? new Date();
  return queryRows(
    db,
    requestRow,
    sql`select r.id, s.name as "shopName", r.amount_minor as "amountMinor", r.currency, r.expires_at as "expiresAt"
      from payment_requests r join shops s on s.id = r.shop_id
      where r.payer_party_id = ${actor.partyId} and r.status = 'open' and r.expires_at > ${now.toISOString()}::timestamptz
      order by r.expires_at, r.id
      limit ${myPaymentRequestsLimit}`,
  );
}
