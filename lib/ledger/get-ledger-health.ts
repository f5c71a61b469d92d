import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { type ChargingRunSummary, listChargingRuns } from "@/lib/charging/list-charging-runs";

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
  const outstanding = await db.execute<{ currency: string; amount: string }>(sql`
    select a.currency, coalesce(sum(case when p.credit_account_id = a.id then p.amount_minor else -p.amount_minor end), 0)::text as amount
    from ledger_accounts a left join postings p on p.debit_account_id = a.id or p.credit_account_id = a.id
    where a.kind = 'issuer_outstanding' group by a.currency order by a.currency`);
  // Covered sets only grow from run to run, so "not covered by the latest run" is exactly "in no run".
  const unbilled = await db.execute<{ currency: string; count: number; net: string; gross: string }>(sql`
    with last_run as (select period_end, snapshot_xmin from charging_runs order by period_end desc limit 1)
    select p.currency, count(*)::int as count,
      sum(case when p.kind = 'funding' then p.amount_minor else -p.amount_minor end)::text as net,
      sum(p.amount_minor)::text as gross
    from postings p left join last_run l on true
    where scrip_posting_billable(p.kind) and p.charging_run_id is null
      and not coalesce(p.created_at < l.period_end and p.xid < l.snapshot_xmin, false)
    group by p.currency order by p.currency`);
  const from = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (volumeDays - 1) * 86_400_000,
  );
  const volume = await db.execute<{
    day: string;
    currency: string;
    issued: string;
    transferred: string;
    converted: string;
  }>(sql`
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
    group by d.day, k.currency order by k.currency, d.day`);
  return {
    outstanding: outstanding.map((row) => ({ currency: row.currency, amountMinor: BigInt(row.amount) })),
    unbilled: unbilled.map((row) => ({
      currency: row.currency,
      count: row.count,
      netMinor: BigInt(row.net),
      grossMinor: BigInt(row.gross),
    })),
    lastRuns: await listChargingRuns(db, { actor: input.actor, limit: 5 }),
    volume: volume.map((row) => ({
      day: row.day,
      currency: row.currency,
      issuedMinor: BigInt(row.issued),
      transferredMinor: BigInt(row.transferred),
      convertedMinor: BigInt(row.converted),
    })),
  };
}
