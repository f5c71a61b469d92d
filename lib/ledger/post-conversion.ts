import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";
import { ensureLedgerAccounts } from "./ensure-ledger-accounts";

/**
 * Posts a coupon's conversion: issuer:outstanding debited, the holder credited with the coupon's value. At most
 * one per coupon (unique index). Runs inside the caller's transaction, which holds the coupon lock.
 */
export async function postConversion(
  tx: DbOrTx,
  input: { couponId: string; holderPartyId: string; amountMinor: bigint; currency: string; at: Date },
): Promise<string> {
  await ensureLedgerAccounts(tx, input.currency, [input.holderPartyId]);
  const postingId = newId("posting");
  const rows = await tx.execute(sql`insert into postings
      (id, kind, debit_account_id, credit_account_id, amount_minor, currency, coupon_id, created_at)
    select ${postingId}, 'conversion', o.id, h.id, ${input.amountMinor.toString()}::bigint, ${input.currency},
      ${input.couponId}, ${input.at.toISOString()}::timestamptz
    from ledger_accounts o, ledger_accounts h
    where o.kind = 'issuer_outstanding' and o.party_id is null and o.currency = ${input.currency}
      and h.kind = 'party' and h.party_id = ${input.holderPartyId} and h.currency = ${input.currency}
    returning id`);
  if (rows.length !== 1) throw new Error(`conversion posting for ${input.couponId} was not written`);
  return postingId;
}
