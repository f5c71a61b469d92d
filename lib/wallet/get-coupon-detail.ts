import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow, queryRows } from "@/db/rows";
import { couponSummaryRow } from "@/lib/coupons/coupon-summary";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { couponStatusAtSql, offerOpenSql } from "@/lib/transfers/open-offer-sql";

export interface TimelineEntry {
  seq: number;
  kind: string;
  at: Date;
  version: number;
  actorName: string | null;
  fromName: string | null;
  toName: string | null;
  /** Whether this party was the actor (to say "you" in the UI). */
  byViewer: boolean;
}

export interface CouponDetail {
  id: string;
  amountMinor: bigint;
  currency: string;
  status: string;
  funded: boolean;
  version: number;
  issuedAt: Date;
  expiresAt: Date;
  requesterName: string;
  /** Who holds it as far as the viewer may know: the current owner, or for a past holder whom it went to. */
  ownerName: string;
  viewerIsOwner: boolean;
  viewerIsRequester: boolean;
  pendingTransfer: {
    id: string;
    toName: string | null;
    open: boolean;
    expiresAt: Date;
    fromViewer: boolean;
  } | null;
  timeline: TimelineEntry[];
}

/** Longest timeline a page shows; a coupon's history beyond this is for the back office. */
export const timelineMax = 500;

/** What a party that no longer holds the coupon sees as its status: only that it is not in their wallet. */
export const elsewhereStatus = "elsewhere";

const couponRow = {
  ...couponSummaryRow,
  visible: column.boolean,
  pending_to_viewer: column.boolean,
  viewer_last_seq: column.intOrNull,
};
const pendingRow = {
  id: column.text,
  to_name: column.textOrNull,
  open: column.boolean,
  expires_at: column.date,
  from_party_id: column.text,
};
const eventRow = {
  seq: column.int,
  kind: column.text,
  created_at: column.date,
  version: column.int,
  actor_party_id: column.textOrNull,
  actor_name: column.textOrNull,
  from_name: column.textOrNull,
  to_name: column.textOrNull,
};

/**
 * A coupon as one party sees it, with its progress timeline. Visible to its owner, its requester and every
 * party that took part in its history; to anyone else it does not exist (NOT_FOUND, never FORBIDDEN, so ids
 * cannot be probed). The owner and the named recipient of its pending offer see the whole history; any other
 * party sees it up to and including the last event it took part in (where the coupon left it), never who held
 * it afterwards, and no pending offer but its own. Admins read the full history through findCouponHistory.
 * An offer past its expiry at `now` is over (open-offer-sql.ts): its coupon is back with the giver, and its
 * recipient sees it as no longer theirs, before the expire-transfers job has run.
 */
export async function getCouponDetail(
  db: DbOrTx,
  viewerPartyId: string,
  couponId: string,
  now = new Date(),
): Promise<CouponDetail> {
  const notFound = new AppError("NOT_FOUND", "No such coupon in your wallet.");
  if (!isId("coupon", couponId)) throw notFound;
  const coupon = await queryRow(
    db,
    couponRow,
    sql`
    select c.id, c.amount_minor::text, c.currency, ${couponStatusAtSql("c", now)} as status, c.funded, c.version, c.issued_at, c.expires_at,
      c.owner_party_id, c.requester_party_id, o.display_name as owner_name, r.display_name as requester_name,
      (c.owner_party_id = ${viewerPartyId} or c.requester_party_id = ${viewerPartyId} or exists (
        select 1 from coupon_events e where e.coupon_id = c.id
          and ${viewerPartyId} in (e.actor_party_id, e.from_party_id, e.to_party_id))
       or exists (select 1 from transfers t where t.coupon_id = c.id and t.status = 'pending'
          and t.to_party_id = ${viewerPartyId})) as visible,
      exists (select 1 from transfers t where t.coupon_id = c.id and ${offerOpenSql("t", now)}
          and t.to_party_id = ${viewerPartyId}) as pending_to_viewer,
      (select max(e.seq) from coupon_events e where e.coupon_id = c.id
          and ${viewerPartyId} in (e.actor_party_id, e.from_party_id, e.to_party_id)) as viewer_last_seq
    from coupons c join parties o on o.id = c.owner_party_id join parties r on r.id = c.requester_party_id
    where c.id = ${couponId}`,
  );
  if (!coupon?.visible) throw notFound;
  const viewerIsOwner = coupon.owner_party_id === viewerPartyId;
  const fullView = viewerIsOwner || coupon.pending_to_viewer;
  // The last event this viewer may see; a past holder's history stops where the coupon left them.
  const upToViewer = fullView ? sql`` : sql`and e.seq <= ${coupon.viewer_last_seq ?? 0}`;

  const [pendingRows, eventRows] = await Promise.all([
    queryRows(
      db,
      pendingRow,
      sql`
      select t.id, p.display_name as to_name, t.to_party_id is null as open, t.expires_at, t.from_party_id
      from transfers t left join parties p on p.id = t.to_party_id
      where t.coupon_id = ${couponId} and ${offerOpenSql("t", now)}
        and ${viewerPartyId} in (t.from_party_id, t.to_party_id)`,
    ),
    queryRows(
      db,
      eventRow,
      sql`
      select e.seq, e.kind, e.created_at, e.version, e.actor_party_id,
        a.display_name as actor_name, f.display_name as from_name, t.display_name as to_name
      from coupon_events e
        left join parties a on a.id = e.actor_party_id
        left join parties f on f.id = e.from_party_id
        left join parties t on t.id = e.to_party_id
      where e.coupon_id = ${couponId} ${upToViewer} order by e.seq limit ${timelineMax}`,
    ),
  ]);
  const pending = pendingRows[0];
  const lastSeen = eventRows.at(-1);
  // The holder as the viewer last saw it: whom it was issued to or last accepted by, within their history.
  const lastHolderName =
    eventRows.findLast((row) => row.kind === "issued" || row.kind === "accepted")?.to_name ?? null;
  return {
    id: coupon.id,
    amountMinor: coupon.amount_minor,
    currency: coupon.currency,
    status: fullView ? coupon.status : elsewhereStatus,
    funded: coupon.funded,
    version: fullView ? coupon.version : (lastSeen?.version ?? 1),
    issuedAt: coupon.issued_at,
    expiresAt: coupon.expires_at,
    requesterName: coupon.requester_name,
    ownerName: fullView ? coupon.owner_name : (lastHolderName ?? coupon.requester_name),
    viewerIsOwner,
    viewerIsRequester: coupon.requester_party_id === viewerPartyId,
    pendingTransfer: pending
      ? {
          id: pending.id,
          toName: pending.to_name,
          open: pending.open,
          expiresAt: pending.expires_at,
          fromViewer: pending.from_party_id === viewerPartyId,
        }
      : null,
    timeline: eventRows.map((row) => ({
      seq: row.seq,
      kind: row.kind,
      at: row.created_at,
      version: row.version,
      actorName: row.actor_name,
      fromName: row.from_name,
      toName: row.to_name,
      byViewer: row.actor_party_id === viewerPartyId,
    })),
  };
}
