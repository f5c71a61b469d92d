import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { securityEvents } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import type { SecurityEventKind } from "./record-security-event";

export interface SecurityEventSummary {
  id: string;
  kind: SecurityEventKind;
  detail: string | null;
  createdAt: Date;
}

/** How many events the security page shows. */
export const securityEventsShownMax = 30;

/** The signed-in person's own security events, newest first, at most `securityEventsShownMax`. */
export async function listSecurityEvents(
  db: DbOrTx,
  input: { actor: Actor },
): Promise<SecurityEventSummary[]> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has security events.");
  return db
    .select({
      id: sql<string>`${securityEvents.id}::text`,
      kind: securityEvents.kind,
      detail: securityEvents.detail,
      createdAt: securityEvents.createdAt,
    })
    .from(securityEvents)
    .where(eq(securityEvents.userId, actor.userId))
    .orderBy(desc(securityEvents.id))
    .limit(securityEventsShownMax);
}
