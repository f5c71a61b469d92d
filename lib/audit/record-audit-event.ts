import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";

export interface AuditEvent {
  /** Dotted name, e.g. `auth.signin`, `passkey.added`, `coupon.revoked`, `charging.run`. */
  action: string;
  actor?: Actor | null;
  targetType?: string;
  targetId?: string;
  reason?: string;
  ip?: string | null;
  data?: Record<string, unknown>;
}

/** Appends one row to the append-only audit log (inside the caller's transaction when given one). */
export async function recordAuditEvent(db: DbOrTx, event: AuditEvent): Promise<void> {
  const actor = event.actor;
  await db.insert(auditLog).values({
    action: event.action,
    actorUserId:
      actor?.kind === "user" ? actor.userId : actor?.kind === "shop" ? (actor.userId ?? null) : null,
    actorPartyId: actor && actor.kind !== "system" ? actor.partyId : null,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    reason: event.reason ?? null,
    ip: event.ip ?? null,
    data: event.data ?? {},
  });
}
