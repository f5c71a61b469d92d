import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { parties } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { revokeUserSessions } from "@/lib/sessions/revoke-user-sessions";
import { lockPartyOrThrow } from "./lock-party";
import { requireReason } from "./reason";

/**
 * Admins only (`parties.write`, with a reason): suspends a person's wallet or a shop. A suspended party makes
 * no new transfers out and requests no coupons; a person's sessions all end at once (and new ones are
 * refused while suspended). Nobody suspends their own account. Audited in the same transaction.
 */
export async function suspendParty(
  db: DbOrTx,
  actor: Actor,
  input: { partyId: string; reason: string; ip?: string | null },
): Promise<{ partyId: string; userId: string | null; endedSessions: number }> {
  requirePermission(actor, "parties.write");
  const reason = requireReason(input.reason);
  return inTransaction(db, async (tx) => {
    const party = await lockPartyOrThrow(tx, input.partyId);
    if (actor.kind !== "system" && actor.partyId === party.id) {
      throw new AppError("CONFLICT", "You cannot suspend your own account.");
    }
    if (party.status === "suspended") throw new AppError("CONFLICT", "This party is already suspended.");
    await tx.update(parties).set({ status: "suspended" }).where(eq(parties.id, party.id));
    let endedSessions = 0;
    if (party.userId) {
      ({ revoked: endedSessions } = await revokeUserSessions(tx, {
        actor,
        userId: party.userId,
        reason: "account suspended",
        ip: input.ip,
      }));
    }
    await recordAuditEvent(tx, {
      action: "party.suspended",
      actor,
      targetType: "party",
      targetId: party.id,
      reason,
      ip: input.ip,
      data: { kind: party.kind, endedSessions },
    });
    return { partyId: party.id, userId: party.userId, endedSessions };
  });
}
