import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adminInvites, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { hashAdminInviteToken } from "@/lib/auth/create-admin-invite";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { AppError } from "@/lib/errors";

/**
 * Makes the signed-in person an admin with a one-time enrolment token: the token must be unused and
 * unexpired, and is spent in the same transaction that grants the role.
 */
export async function enrolAdmin(
  db: DbOrTx,
  input: { actor: Actor; token: string; ip?: string | null },
): Promise<void> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can become an admin.");
  await limitAttempt(db, "admin.enrol", { ip: input.ip ?? null, accountId: actor.userId });
  if (typeof input.token !== "string" || input.token.length > 200) {
    throw new AppError("NOT_FOUND", "This enrolment link is not valid.");
  }
  await db.transaction(async (tx) => {
    const [invite] = await tx
      .update(adminInvites)
      .set({ usedAt: sql`now()`, usedByUserId: actor.userId })
      .where(
        and(
          eq(adminInvites.tokenHash, hashAdminInviteToken(input.token)),
          isNull(adminInvites.usedAt),
          gt(adminInvites.expiresAt, sql`now()`),
        ),
      )
      .returning({ id: adminInvites.id });
    if (!invite) {
      throw new AppError(
        "NOT_FOUND",
        "This enrolment link is not valid: it was used already or has expired.",
      );
    }
    await tx.update(users).set({ isAdmin: true }).where(eq(users.id, actor.userId));
    await recordAuditEvent(tx, {
      action: "admin.enrolled",
      actor,
      targetType: "user",
      targetId: actor.userId,
      ip: input.ip,
      data: { inviteId: invite.id },
    });
  });
}
