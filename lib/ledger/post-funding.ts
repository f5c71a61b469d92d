import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";
import { ensureLedgerAccounts } from "./ensure-ledger-accounts";

/**
 * Posts a coupon's funding: the requester's account debited (they owe the issuer its value), issuer:outstanding
 * credited. At most one per coupon (unique index). Accepts fund inline in their one statement; this is for a
 * coupon funded at once by the party it is issued to (a shop's refund coupon).
 */
export async function postFunding(
  tx: DbOrTx,
  input: { couponId: string; requesterPartyId: string; amountMinor: bigint; currency: string; at: Date },
): Promise<string> {
  await ensureLedgerAccounts(tx, input.currency, [input.requesterPartyId]);
  const postingId = newId("posting");
  const rows = await tx.execute(sql`insert into postings
      (id, kind, debit_account_id, credit_account_id, amount_minor, currency, coupon_id, created_at)
    select ${postingId}, 'funding', r.id, o.id, ${input.amountMinor.toString()}::bigint, ${input.currency},
      ${input.couponId}, ${input.at.toISOString()}::timestamptz
    from ledger_accounts r, ledger_accounts o
    where r.kind = 'party' and r.party_id = ${input.requesterPartyId} and r.currency = ${input.currency}
      and o.kind = 'issuer_outstanding' and o.party_id is null and o.currency = ${input.currency}
    returning id`);
  if (rows.length !== 1) throw new Error(`funding posting for ${input.couponId} was not written`);
  return postingId;
}
