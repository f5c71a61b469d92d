import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { suspendParty } from "@/lib/parties/suspend-party";

/**
 * Suspends a person's account by handle (admins only, with a reason) and ends all of its sessions at once:
 * `suspendParty` for the wallet party of the account with that handle.
 */
export async function suspendUser(
  db: DbOrTx,
  input: { actor: Actor; handle: string; reason: string; ip?: string | null },
): Promise<{ userId: string; endedSessions: number }> {
  requirePermission(input.actor, "parties.write");
  return inTransaction(db, async (tx) => {
    const [user] = await tx
      .select({ id: users.id, partyId: users.partyId })
      .from(users)
      .where(sql`lower(${users.handle}) = lower(${input.handle})`);
    if (!user) throw new AppError("NOT_FOUND", `There is no account @${input.handle}.`);
    const { endedSessions } = await suspendParty(tx, input.actor, {
      partyId: user.partyId,
      reason: input.reason,
      ip: input.ip,
    });
    return { userId: user.id, endedSessions };
  });
}
