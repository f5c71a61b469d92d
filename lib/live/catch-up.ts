import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { LiveEvent } from "./sse";

const eventShape = { id: column.text, audience: column.text, topic: column.text, ref: column.text };

const audienceList = (audiences: readonly string[]) =>
  sql.join(
    audiences.map((audience) => sql`${audience}`),
    sql`, `,
  );

/**
 * The events after `afterId` for `audiences`, oldest first, at most `max` (the newest ones). `complete` is false
 * when there were more, or when events after `afterId` may already have been purged: the browser should then
 * refresh everything rather than trust the list.
 */
export async function catchUpEvents(
  db: DbOrTx,
  audiences: readonly string[],
  afterId: bigint,
  max: number,
): Promise<{ events: LiveEvent[]; complete: boolean }> {
  if (audiences.length === 0) return { events: [], complete: true };
  const rows = await queryRows(
    db,
    eventShape,
    sql`select id::text as id, audience, topic, ref from live_events
      where audience in (${audienceList(audiences)}) and id > ${afterId.toString()}::bigint
      order by id desc limit ${max + 1}`,
  );
  const [oldest] = await queryRows(
    db,
    { id: column.textOrNull },
    sql`select min(id)::text as id from live_events`,
  );
  // An empty table, or one whose oldest event is later than the next one the browser expects, has lost events.
  const purged = oldest?.id == null || BigInt(oldest.id) > afterId + 1n;
  return { events: rows.slice(0, max).reverse(), complete: rows.length <= max && !purged };
}

/** The events with ids from `from` to `to` for `audiences` (a bulk announcement), oldest first. */
export async function eventsInRange(
  db: DbOrTx,
  audiences: readonly string[],
  from: bigint,
  to: bigint,
): Promise<LiveEvent[]> {
  if (audiences.length === 0) return [];
  return queryRows(
    db,
    eventShape,
    sql`select id::text as id, audience, topic, ref from live_events
      where audience in (${audienceList(audiences)}) and id between ${from.toString()}::bigint and ${to.toString()}::bigint
      order by id`,
  );
}
