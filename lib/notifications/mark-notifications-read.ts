import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { notificationOwner } from "./list-notifications";

const notFound = () => new AppError("NOT_FOUND", "That notification was not found.");

/**
 * Marks one of the signed-in person's own notifications read (again: a no-op). Someone else's notification, or
 * one that does not exist, is NOT_FOUND alike, so ids cannot be probed.
 */
export async function markNotificationRead(db: DbOrTx, actor: Actor, input: { id: string }): Promise<void> {
  const partyId = notificationOwner(actor);
  if (!/^[0-9]{1,18}$/.test(input.id)) throw notFound();
  const rows = await queryRows(
    db,
    { id: column.text },
    sql`update notifications set read_at = coalesce(read_at, now())
      where id = ${input.id}::bigint and party_id = ${partyId} returning id::text as id`,
  );
  if (rows.length === 0) throw notFound();
}

/** Marks every unread notification of the signed-in person read; returns how many it marked. */
export async function markAllNotificationsRead(db: DbOrTx, actor: Actor): Promise<{ marked: number }> {
  const partyId = notificationOwner(actor);
  const rows = await queryRows(
    db,
    { id: column.text },
    sql`update notifications set read_at = now()
      where party_id = ${partyId} and read_at is null returning id::text as id`,
  );
  return { marked: rows.length };
}
