import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { notificationOwner } from "./list-notifications";

/** The header shows at most this many ("99+" past it), so the count never scans more. */
export const unreadCountShownMax = 99;

/** How many of the signed-in person's own notifications are unread, up to `unreadCountShownMax + 1`. */
export async function countUnreadNotifications(db: DbOrTx, actor: Actor): Promise<number> {
  const partyId = notificationOwner(actor);
  const row = await queryRow(
    db,
    { unread: column.int },
    sql`select count(*)::int as unread from (
      select 1 from notifications where party_id = ${partyId} and read_at is null limit ${unreadCountShownMax + 1}
    ) unread`,
  );
  return row?.unread ?? 0;
}
