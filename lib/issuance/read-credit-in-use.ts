import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { partyCreditLimits } from "@/db/schema";
import { getIssuanceLimits } from "@/lib/issuance/issuance-limits";
import type { Currency } from "@/lib/money/currencies";

const usedRow = { currency: column.text, used: column.bigint };

/**
 * Value a party owes or may come to owe as requester, per currency: unfunded live coupons, requests awaiting
 * approval, the unissued remainder of its unfinished campaigns, funding not yet billed by a charging run, and invoices billed but not yet paid (so a charging run
 * does not free credit: only payment does). One sum for the request check and the wallet's display.
 */
async function readCreditInUse(
  db: DbOrTx,
  partyId: string,
  currencies: readonly Currency[],
): Promise<Map<string, bigint>> {
  const wanted = sql`(${sql.join(
    currencies.map((currency) => sql`${currency}`),
    sql`, `,
  )})`;
  const rows = await queryRows(
    db,
    usedRow,
    sql`
    select currency, sum(amount)::text as used from (
      select currency, amount_minor as amount from coupons where requester_party_id = ${partyId}
        and currency in ${wanted} and not funded and status in ('active', 'offered')
      union all select currency, amount_minor from issuance_requests where party_id = ${partyId}
        and currency in ${wanted} and status = 'awaiting_approval'
      union all select a.currency, p.amount_minor from postings p
        join ledger_accounts a on a.id = p.debit_account_id
        where a.kind = 'party' and a.party_id = ${partyId} and a.currency in ${wanted}
          and p.kind in ('funding', 'campaign_funding') and scrip_posting_unbilled(p)
      union all select currency, (coupon_count - issued_count)::bigint * amount_minor from campaigns
        where sponsor_party_id = ${partyId} and currency in ${wanted}
          and status in ('awaiting_approval', 'queued', 'running', 'paused')
      union all select currency, amount_minor from statements where party_id = ${partyId}
        and currency in ${wanted} and kind = 'invoice' and status = 'open'
    ) used group by currency`,
  );
  return new Map(rows.map((row) => [row.currency, row.used]));
}

/** The credit limit of a party in each currency: its own (set by an admin) or that currency's default. */
async function readCreditLimits(
  db: DbOrTx,
  partyId: string,
  currencies: readonly Currency[],
): Promise<Map<string, bigint>> {
  const own = await db
    .select({ currency: partyCreditLimits.currency, limitMinor: partyCreditLimits.limitMinor })
    .from(partyCreditLimits)
    .where(and(eq(partyCreditLimits.partyId, partyId), inArray(partyCreditLimits.currency, [...currencies])));
  const limits = getIssuanceLimits();
  const byCurrency = new Map(own.map((row) => [row.currency, row.limitMinor]));
  return new Map(
    currencies.map((currency) => [
      currency,
      byCurrency.get(currency) ?? limits.defaultCreditLimitMinor(currency),
    ]),
  );
}

/** A party's credit in one currency: its limit and the value it has in use against it. */
export interface Credit {
  limitMinor: bigint;
  usedMinor: bigint;
}

/**
 * A party's credit in each of `currencies`: its limit (`readCreditLimits`) and what is in use (`readCreditInUse`),
 * for the request check and the wallet's display alike.
 */
export async function readCredit(
  db: DbOrTx,
  partyId: string,
  currencies: readonly Currency[],
): Promise<Map<string, Credit>> {
  if (currencies.length === 0) return new Map();
  const used = await readCreditInUse(db, partyId, currencies);
  const limits = await readCreditLimits(db, partyId, currencies);
  return new Map(
    currencies.map((currency) => [
      currency,
      { limitMinor: limits.get(currency) ?? 0n, usedMinor: used.get(currency) ?? 0n },
    ]),
  );
}
