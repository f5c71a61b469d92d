// No `server-only` here: `npm run admin:invite` and the launcher (plain Node via tsx) call these.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { adminInvites, users } from "@/db/schema";
import { newId } from "@/lib/ids";

/** Enrolment links work for a day unless told otherwise. */
export const adminInviteLifetimeSeconds = 24 * 60 * 60;

/** Enrolment tokens are stored only as this hash (SHA-256, base64url). */
export const hashAdminInviteToken = (token: string) => createHash("sha256").update(token).digest("base64url");

/** The path of an enrolment link, to put after the public origin. */
export const adminEnrolPath = (token: string) => `/admin/enrol/${token}`;

/** Creates a one-time admin enrolment token; only its hash is stored, so the token is shown exactly once. */
export async function createAdminInvite(
  db: DbOrTx,
  input: { lifetimeSeconds?: number } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + (input.lifetimeSeconds ?? adminInviteLifetimeSeconds) * 1000);
  await db
    .insert(adminInvites)
    .values({ id: newId("adminInvite"), tokenHash: hashAdminInviteToken(token), expiresAt });
  return { token, expiresAt };
}

/**
 * First-start bootstrap: when there is no admin and no unused, unexpired invite, creates one and returns it
 * (to print); otherwise returns null. Never makes anyone an admin by itself.
 */
export async function ensureBootstrapAdminInvite(
  db: DbOrTx,
): Promise<{ token: string; expiresAt: Date } | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727274)`);
    const [admin] = await tx.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).limit(1);
    if (admin) return null;
    const [open] = await tx
      .select({ id: adminInvites.id })
      .from(adminInvites)
      .where(and(isNull(adminInvites.usedAt), gt(adminInvites.expiresAt, sql`now()`)))
      .limit(1);
    if (open) return null;
    return createAdminInvite(tx);
  });
}
