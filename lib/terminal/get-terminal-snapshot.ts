import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { couponCompactTokenOf, couponTokenOf } from "@/lib/coupons/get-coupon-token";
import { getJwks } from "@/lib/keys/get-jwks";
import { atSql, couponStatusAtSql } from "@/lib/transfers/open-offer-sql";
import { walletPartyOf } from "@/lib/wallet/wallet-party";
import { listIncomingOffers, listOutgoingOffers, terminalOffersMax } from "./terminal-offers";
import { getTerminalTimelines } from "./terminal-timelines";
import type { TerminalCoupon, TerminalSnapshot } from "./terminal-types";

/** Most coupons one snapshot carries; beyond it the snapshot says `truncated` and the wallet pages online. */
export const terminalCouponsMax = 500;

/**
 * Everything the acting person's wallet terminal keeps (issue #16), as of `now`: the coupons they hold now —
 * ready to use or offered by them, not yet past their expiry — newest first, each with its full and short token
 * and its timeline in the coupon page's words; the offers open to them and by them; and the issuer's published
 * keys. Only the person's own wallet (the party comes from the actor, never from input), and nothing of a third
 * party. Each kind of data is one query, whatever the number of coupons. Reads only (but for the issuer's keys,
 * made on first use as the JWKS endpoint makes them). The caller decides whether tokens may be handed out now
 * (the route serves them only while the session's wallet is unlocked).
 */
export async function getTerminalSnapshot(
  db: DbOrTx,
  actor: Actor,
  now = new Date(),
): Promise<TerminalSnapshot> {
  const partyId = walletPartyOf(actor, "coupons.hold");
  // The offer's expiry decides (open-offer-sql.ts): an offered coupon whose offer has lapsed is ready again.
  const status = sql<string>`${couponStatusAtSql("coupons", now)}`;
  const [held, incoming, outgoing, jwks] = await Promise.all([
    db
      .select({ row: coupons, status })
      .from(coupons)
      .where(
        and(
          eq(coupons.ownerPartyId, partyId),
          sql`${coupons.status} in ('active', 'offered') and ${coupons.expiresAt} > ${atSql(now)}`,
        ),
      )
      .orderBy(desc(coupons.issuedAt), desc(coupons.id))
      .limit(terminalCouponsMax + 1),
    listIncomingOffers(db, partyId, now),
    listOutgoingOffers(db, partyId, now),
    getJwks(db),
  ]);
  const kept = held.slice(0, terminalCouponsMax);
  const timelines = await getTerminalTimelines(
    db,
    partyId,
    kept.map(({ row }) => row.id),
  );
  const heldCoupons: TerminalCoupon[] = kept.map(({ row, status }) => ({
    id: row.id,
    amountMinor: row.amountMinor.toString(),
    currency: row.currency,
    status,
    version: row.version,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    token: couponTokenOf(row),
    compactToken: couponCompactTokenOf(row),
    timeline: timelines.get(row.id) ?? [],
  }));
  return {
    format: 1,
    partyId,
    asOf: now.toISOString(),
    coupons: heldCoupons,
    incomingOffers: incoming.slice(0, terminalOffersMax),
    outgoingOffers: outgoing.slice(0, terminalOffersMax),
    jwks,
    truncated:
      held.length > terminalCouponsMax ||
      incoming.length > terminalOffersMax ||
      outgoing.length > terminalOffersMax,
  };
}
