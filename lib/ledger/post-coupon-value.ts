import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";
import { ensureLedgerAccounts } from "./ensure-ledger-accounts";

/**
 * The two postings of a coupon's value between a party and issuer:outstanding, at most one of each per coupon
 * (unique index): its funding debits the requester (they owe the issuer its value) and credits
 * issuer:outstanding; its conversion debits issuer:outstanding and credits the holder.
 */
const legs = {
  funding: { kind: sql`'funding'`, debit: sql`p.id`, credit: sql`o.id` },
  conversion: { kind: sql`'conversion'`, debit: sql`o.id`, credit: sql`p.id` },
};

/**
 * Posts a coupon's funding or conversion against `partyId` (the requester, or the holder), inside the caller's
 * transaction. Accepts fund inline in their one statement; funding here is for a coupon funded at once by the
 * party it is issued to (a shop's refund coupon). A conversion runs under the coupon lock. Returns the posting id.
 */
export async function postCouponValue(
  tx: DbOrTx,
  kind: keyof typeof legs,
  input: { couponId: string; partyId: string; amountMinor: bigint; currency: string; at: Date },
): Promise<string> {
  await ensureLedgerAccounts(tx, input.currency, [input.partyId]);
  const postingId = newId("posting");
  const leg = legs[kind];
  const rows = await tx.execute(sql`insert into postings
      (id, kind, debit_account_id, credit_account_id, amount_minor, currency, coupon_id, created_at)
    select ${postingId}, ${leg.kind}, ${leg.debit}, ${leg.credit}, ${input.amountMinor.toString()}::bigint,
      ${input.currency}, ${input.couponId}, ${input.at.toISOString()}::timestamptz
    from ledger_accounts o, ledger_accounts p
    where o.kind = 'issuer_outstanding' and o.party_id is null and o.currency = ${input.currency}
      and p.kind = 'party' and p.party_id = ${input.partyId} and p.currency = ${input.currency}
    returning id`);
  if (rows.length !== 1) throw new Error(`${kind} posting for ${input.couponId} was not written`);
  return postingId;
}
