import "server-only";
import type { DbOrTx } from "@/db/client";
import { securityEvents } from "@/db/schema";

export type SecurityEventKind = (typeof securityEvents.$inferInsert)["kind"];

/**
 * Appends one event to the account's own security list (in the caller's transaction, so it lands with the
 * change it describes). Each event also becomes a notification (and an email that cannot be turned off) through the trigger in migration 0014.
 */
export async function recordSecurityEvent(
  db: DbOrTx,
  event: { userId: string; kind: SecurityEventKind; detail?: string | null; ip?: string | null },
): Promise<void> {
  await db.insert(securityEvents).values({
    userId: event.userId,
    kind: event.kind,
    detail: event.detail ? event.detail.slice(0, 200) : null,
    ip: event.ip ? event.ip.slice(0, 64) : null,
  });
}
