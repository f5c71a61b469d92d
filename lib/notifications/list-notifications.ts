import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { type NotificationView, selectNotifications } from "./notification-rows";

/** How many notifications one page of the list shows. */
export const notificationsPageSize = 20;

/** The party whose notifications `actor` may read: a person's own wallet, nobody else's. */
export function notificationOwner(actor: Actor): string {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has notifications.");
  return actor.partyId;
}

/**
 * A page of the signed-in person's own notifications, newest first. `before` (a notification id from the previous
 * page) continues the list; `nextBefore` is set when there are more.
 */
export async function listNotifications(
  db: DbOrTx,
  actor: Actor,
  input: { before?: string | null } = {},
): Promise<{ items: NotificationView[]; nextBefore: string | null }> {
  const partyId = notificationOwner(actor);
  const before = input.before && /^[0-9]{1,18}$/.test(input.before) ? BigInt(input.before) : null;
  const where = before
    ? sql`n.party_id = ${partyId} and n.id < ${before.toString()}::bigint`
    : sql`n.party_id = ${partyId}`;
  const rows = await selectNotifications(db, where, notificationsPageSize + 1);
  const items = rows.slice(0, notificationsPageSize).map(({ partyId: _party, ...view }) => view);
  const last = items.at(-1);
  return { items, nextBefore: rows.length > notificationsPageSize && last ? last.id : null };
}
