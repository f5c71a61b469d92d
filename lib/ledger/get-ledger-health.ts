import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { type ChargingRunSummary, listChargingRuns } from "@/lib/charging/list-charging-runs";
import { postingUnbilledSql, runsInOrderCte } from "@/lib/charging/posting-run-sql";

export interface DailyVolume {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  currency: string;
  issuedMinor: bigint;
  transferredMinor: bigint;
  convertedMinor: bigint;
}

export interface LedgerHealth {
  /** Funded, unconverted coupon value per currency (−balance of issuer:outstanding). */
  outstanding: { currency: string; amountMinor: bigint }[];
  /** Billable postings no run has covered yet, per currency: how many and their net from the parties' side. */
  unbilled: { currency: string; count: number; netMinor: bigint; grossMinor: bigint }[];
  lastRuns: ChargingRunSummary[];
  /** The last `volumeDays` UTC days, every day present per currency (zeros included). */
  volume: DailyVolume[];
}

export const volumeDays = 30;

/** The admin health page's figures: outstanding value, unbilled postings, last runs, 30 days of volume. */
export async function getLedgerHealth(
  db: DbOrTx,
  input: { actor: Actor; now?: Date },
): Promise<LedgerHealth> {
  requirePermission(input.actor, "admin.read");
  const now = input.now ?? new Date();
  const outstanding = await queryRows(
    db,
    { currency: column.text, amount: column.bigint },
    sql`select a.currency,
        coalesce(sum(case when p.credit_account_id = a.id then p.amount_minor else -p.amount_minor end), 0)::text as amount
      from ledger_accounts a left join postings p on p.debit_account_id = a.id or p.credit_account_id = a.id
      where a.kind = 'issuer_outstanding' group by a.currency order by a.currency`,
  );
  const unbilled = await queryRows(
    db,
    { currency: column.text, count: column.int, net: column.bigint, gross: column.bigint },
    sql`with ${runsInOrderCte}
      select p.currency, count(*)::int as count,
        sum(case when p.kind in ('funding', 'campaign_funding') then p.amount_minor else -p.amount_minor end)::text as net,
        sum(p.amount_minor)::text as gross
      from postings p cross join runs_in_order
      where ${postingUnbilledSql("p")}
      group by p.currency order by p.currency`,
  );
  const from = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (volumeDays - 1) * 86_400_000,
  );
  const volume = await queryRows(
    db,
    {
      day: column.text,
      currency: column.text,
      issued: column.bigint,
      transferred: column.bigint,
      converted: column.bigint,
    },
    sql`
    with days as (select generate_series(${from.toISOString()}::timestamptz at time zone 'UTC',
        ${now.toISOString()}::timestamptz at time zone 'UTC', interval '1 day')::date as day),
      moves as (
        select (e.created_at at time zone 'UTC')::date as day, c.currency,
          case when e.kind = 'issued' then c.amount_minor else 0 end as issued,
          case when e.kind = 'accepted' then c.amount_minor else 0 end as transferred, 0::bigint as converted
        from coupon_events e join coupons c on c.id = e.coupon_id
        where e.kind in ('issued', 'accepted') and e.created_at >= ${from.toISOString()}::timestamptz
        union all
        select (p.created_at at time zone 'UTC')::date, p.currency, 0, 0, p.amount_minor from postings p
        where p.kind = 'conversion' and p.created_at >= ${from.toISOString()}::timestamptz),
      currencies as (select distinct currency from moves)
    select to_char(d.day, 'YYYY-MM-DD') as day, k.currency,
      coalesce(sum(m.issued), 0)::text as issued, coalesce(sum(m.transferred), 0)::text as transferred,
      coalesce(sum(m.converted), 0)::text as converted
    from days d cross join currencies k left join moves m on m.day = d.day and m.currency = k.currency
    group by d.day, k.currency order by k.currency, d.day`,
  );
  return {
    outstanding: outstanding.map((row) => ({ currency: row.currency, amountMinor: row.amount })),
    unbilled: unbilled.map((row) => ({
      currency: row.currency,
      count: row.count,
      netMinor: row.net,
      grossMinor: row.gross,
    })),
    lastRuns: await listChargingRuns(db, { actor: input.actor, limit: 5 }),
    volume: volume.map((row) => ({
      day: row.day,
      currency: row.currency,
      issuedMinor: row.issued,
      transferredMinor: row.transferred,
      convertedMinor: row.converted,
    })),
  };
}
