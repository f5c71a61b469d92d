import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import { shopMembers } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { getSessionConfig } from "@/lib/auth/session-config";
import { isId } from "@/lib/ids";
import { noteActor } from "@/lib/observability/work-context";

/** A signed-in person's session, checked against the database on every request. */
export interface ActiveSession {
  sessionId: string;
  userId: string;
  partyId: string;
  handle: string;
  displayName: string;
  isAdmin: boolean;
  /** The wallet is unlocked while this lies in the future. */
  unlockedUntil: Date | null;
  actor: Extract<Actor, { kind: "user" }>;
}

const sessionRow = {
  user_id: column.text,
  party_id: column.text,
  handle: column.text,
  display_name: column.text,
  is_admin: column.boolean,
  unlocked_until: column.dateOrNull,
};

/**
 * The session `sessionId` if it may still be used — exchanged, not revoked, within its absolute lifetime,
 * used within the idle lifetime, its account not suspended — sliding its idle window; otherwise null.
 */
export async function getActiveSession(db: DbOrTx, sessionId: string | null): Promise<ActiveSession | null> {
  if (!isId("session", sessionId)) return null;
  const { idleSeconds } = getSessionConfig();
  const row = await queryRow(
    db,
    sessionRow,
    sql`
    update sessions s set last_seen_at = now()
    from users u join parties p on p.id = u.party_id
    where s.id = ${sessionId} and u.id = s.user_id
      and s.revoked_at is null and s.sign_in_proof_hash is null
      and s.expires_at > now() and s.last_seen_at > now() - make_interval(secs => ${idleSeconds})
      and p.status = 'active'
    returning u.id as user_id, u.party_id, u.handle, u.display_name, u.is_admin, s.unlocked_until`,
  );
  if (!row) return null;
  noteActor(`user:${row.user_id}`);
  const memberships = await db
    .select({ shopId: shopMembers.shopId, role: shopMembers.role })
    .from(shopMembers)
    .where(eq(shopMembers.userId, row.user_id));
  const shopRoles = Object.fromEntries(memberships.map((m) => [m.shopId, m.role]));
  return {
    sessionId,
    userId: row.user_id,
    partyId: row.party_id,
    handle: row.handle,
    displayName: row.display_name,
    isAdmin: row.is_admin,
    unlockedUntil: row.unlocked_until,
    actor: {
      kind: "user",
      userId: row.user_id,
      partyId: row.party_id,
      isAdmin: row.is_admin,
      shopRoles,
    },
  };
}
