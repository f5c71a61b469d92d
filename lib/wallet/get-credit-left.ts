import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties } from "@/db/schema";
import { getIssuanceLimits } from "@/lib/issuance/issuance-limits";
import { getEnabledCurrencies } from "@/lib/money/enabled-currencies";

export interface CreditLeft {
  currency: string;
  limitMinor: bigint;
  leftMinor: bigint;
  couponMaximumMinor: bigint;
  approvalThresholdMinor: bigint;
}

/**
 * What a party may still request per currency: its credit limit less unfunded live coupons, requests awaiting
 * approval and unbilled funding (the same sum requestIssuance enforces), plus the per-coupon maximum and the
 * approval threshold. For display only; the request itself is checked again under a lock.
 */
export async function getCreditLeft(db: DbOrTx, partyId: string): Promise<CreditLeft[]> {
  const [party] = await db
    .select({ creditLimitMinor: parties.creditLimitMinor })
    .from(parties)
    .where(eq(parties.id, partyId));
  const rows = await db.execute<{ currency: string; used: string }>(sql`
    select currency, sum(amount)::text as used from (
      select currency, amount_minor as amount from coupons where requester_party_id = ${partyId}
        and not funded and status in ('active', 'offered')
      union all select currency, amount_minor from issuance_requests where party_id = ${partyId}
        and status = 'awaiting_approval'
      union all select a.currency, p.amount_minor from postings p
        join ledger_accounts a on a.id = p.debit_account_id
        where a.kind = 'party' and a.party_id = ${partyId} and p.kind = 'funding' and scrip_posting_unbilled(p)
    ) used group by currency`);
  const used = new Map(rows.map((row) => [row.currency, BigInt(row.used)]));
  const limits = getIssuanceLimits();
  return getEnabledCurrencies().map((currency) => {
    const code: string = currency;
    const limitMinor = party?.creditLimitMinor ?? limits.defaultCreditLimitMinor(currency);
    const left = limitMinor - (used.get(code) ?? 0n);
    return {
      currency: code,
      limitMinor,
      leftMinor: left > 0n ? left : 0n,
      couponMaximumMinor: limits.couponMaximumMinor(currency),
      approvalThresholdMinor: limits.approvalThresholdMinor(currency),
    };
  });
}
