import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { timelineEventText } from "@/lib/coupon-display/labels";
import type { TerminalTimelineEntry } from "./terminal-types";

/** Most timeline entries the terminal keeps per coupon: the newest ones; the coupon page shows the rest online. */
export const terminalTimelineMax = 50;

const eventRow = {
  coupon_id: column.text,
  seq: column.int,
  kind: column.text,
  created_at: column.date,
  actor_party_id: column.textOrNull,
  actor_name: column.textOrNull,
  from_name: column.textOrNull,
  to_name: column.textOrNull,
};

/**
 * The timelines of coupons `ownerPartyId` holds, in one query, each oldest first and at most its newest
 * `terminalTimelineMax` events, told in the coupon page's words. The holder sees a coupon's whole history, as on
 * its page (get-coupon-detail.ts); a coupon they do not hold gets no timeline here, whatever id is asked for.
 */
export async function getTerminalTimelines(
  db: DbOrTx,
  ownerPartyId: string,
  couponIds: readonly string[],
): Promise<Map<string, TerminalTimelineEntry[]>> {
  const timelines = new Map<string, TerminalTimelineEntry[]>(couponIds.map((id) => [id, []]));
  if (couponIds.length === 0) return timelines;
  const ids = sql.join(
    couponIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = await queryRows(
    db,
    eventRow,
    sql`
    select e.coupon_id, e.seq, e.kind, e.created_at, e.actor_party_id,
      a.display_name as actor_name, f.display_name as from_name, t.display_name as to_name
    from (
      select e.*, row_number() over (partition by e.coupon_id order by e.seq desc) as newest
      from coupon_events e join coupons c on c.id = e.coupon_id and c.owner_party_id = ${ownerPartyId}
      where e.coupon_id in (${ids})
    ) e
      left join parties a on a.id = e.actor_party_id
      left join parties f on f.id = e.from_party_id
      left join parties t on t.id = e.to_party_id
    where e.newest <= ${terminalTimelineMax}
    order by e.coupon_id, e.seq`,
  );
  for (const row of rows) {
    timelines.get(row.coupon_id)?.push({
      seq: row.seq,
      kind: row.kind,
      text: timelineEventText({
        kind: row.kind,
        actorName: row.actor_name,
        fromName: row.from_name,
        toName: row.to_name,
        byViewer: row.actor_party_id === ownerPartyId,
      }),
      at: row.created_at.toISOString(),
    });
  }
  return timelines;
}
