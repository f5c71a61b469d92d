import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { parties } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { lockPartyOrThrow } from "./lock-party";
import { requireReason } from "./reason";

/**
 * Admins only (`parties.write`, with a reason): lifts a suspension. Sessions ended by the suspension stay
 * ended; the person signs in again. Audited in the same transaction.
 */
export async function reinstateParty(
  db: DbOrTx,
  actor: Actor,
  input: { partyId: string; reason: string; ip?: string | null },
): Promise<{ partyId: string }> {
  requirePermission(actor, "parties.write");
  const reason = requireReason(input.reason);
  return inTransaction(db, async (tx) => {
    const party = await lockPartyOrThrow(tx, input.partyId);
    if (party.status !== "suspended") throw new AppError("CONFLICT", "This party is not suspended.");
    await tx.update(parties).set({ status: "active" }).where(eq(parties.id, party.id));
    await recordAuditEvent(tx, {
      action: "party.reinstated",
      actor,
      targetType: "party",
      targetId: party.id,
      reason,
      ip: input.ip,
      data: { kind: party.kind },
    });
    return { partyId: party.id };
  });
}
