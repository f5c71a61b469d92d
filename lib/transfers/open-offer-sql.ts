import { type SQL, sql } from "drizzle-orm";

/**
 * An offer's expiry decides, not the expire-transfers job: a pending transfer whose `expires_at` has passed is over
 * at once for every read that shows it, though the job closes it (and returns its coupon) only on its next round,
 * up to 15 s later. Every read of pending offers uses these, so no page shows an offer as waiting beside the
 * coupon being ready again, and no two pages disagree about it.
 */

/** `at` as a SQL timestamptz (postgres parameters must be strings, not Dates). */
export function atSql(at: Date): SQL {
  return sql`${at.toISOString()}::timestamptz`;
}

/** The transfer `alias` is an offer still waiting for an answer at `at`: pending and not yet expired. */
export function offerOpenSql(alias: string, at: Date): SQL {
  const t = sql.raw(alias);
  return sql`(${t}.status = 'pending' and ${t}.expires_at > ${atSql(at)})`;
}

/**
 * The coupon `alias`'s status (as text) at `at`: an `offered` coupon whose offer has lapsed is `active` again,
 * as the job will make it; everything else as stored (a coupon past its own expiry is the caller's, through
 * effectiveStatus).
 */
export function couponStatusAtSql(alias: string, at: Date): SQL {
  const c = sql.raw(alias);
  return sql`(case when ${c}.status = 'offered' and not exists (select 1 from transfers open_offer
      where open_offer.coupon_id = ${c}.id and ${offerOpenSql("open_offer", at)}) then 'active'
    else ${c}.status::text end)`;
}
