import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { revokeUserSessions } from "@/lib/sessions/revoke-user-sessions";

/** Suspends a person's account (admins only, with a reason) and ends all of its sessions at once. */
export async function suspendUser(
  db: DbOrTx,
  input: { actor: Actor; handle: string; reason: string; ip?: string | null },
): Promise<{ userId: string; endedSessions: number }> {
  requirePermission(input.actor, "parties.write");
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, partyId: users.partyId })
      .from(users)
      .where(sql`lower(${users.handle}) = lower(${input.handle})`);
    if (!user) throw new AppError("NOT_FOUND", `There is no account @${input.handle}.`);
    if (input.actor.kind === "user" && input.actor.userId === user.id) {
      throw new AppError("CONFLICT", "You cannot suspend your own account.");
    }
    await tx.update(parties).set({ status: "suspended" }).where(eq(parties.id, user.partyId));
    const { revoked } = await revokeUserSessions(tx, {
      actor: input.actor,
      userId: user.id,
      reason: "account suspended",
      ip: input.ip,
    });
    await recordAuditEvent(tx, {
      action: "party.suspended",
      actor: input.actor,
      targetType: "party",
      targetId: user.partyId,
      reason: input.reason,
      ip: input.ip,
    });
    return { userId: user.id, endedSessions: revoked };
  });
}
