import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { getSessionConfig } from "@/lib/auth/session-config";

/** What a live stream may carry for one session: its person's party and every audience it may hear. */
export interface LiveSubscriber {
  sessionId: string;
  partyId: string;
  /** The person's own party, the parties of the shops they belong to, and `admin` for admins. */
  audiences: string[];
}

/**
 * The sessions among `sessionIds` that may still be used (the same rule as getActiveSession: exchanged, not
 * revoked, within both lifetimes, the account active) with their audiences — read only: a stream does not
 * count as using the session, so an open tab does not keep an idle session alive.
 */
export async function liveSubscribersOf(
  db: DbOrTx,
  sessionIds: readonly string[],
): Promise<LiveSubscriber[]> {
  if (sessionIds.length === 0) return [];
  const { idleSeconds } = getSessionConfig();
  const ids = sql.join(
    sessionIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = await queryRows(
    db,
    {
      session_id: column.text,
      party_id: column.text,
      is_admin: column.boolean,
      shop_parties: z.array(z.string()),
    },
    sql`select s.id as session_id, u.party_id, u.is_admin,
        coalesce(array_agg(sh.party_id) filter (where sh.party_id is not null), '{}'::text[]) as shop_parties
      from sessions s
      join users u on u.id = s.user_id
      join parties p on p.id = u.party_id
      left join shop_members m on m.user_id = u.id
      left join shops sh on sh.id = m.shop_id
      where s.id in (${ids}) and s.revoked_at is null and s.sign_in_proof_hash is null
        and s.expires_at > now() and s.last_seen_at > now() - make_interval(secs => ${idleSeconds})
        and p.status = 'active'
      group by s.id, u.party_id, u.is_admin`,
  );
  return rows.map((row) => ({
    sessionId: row.session_id,
    partyId: row.party_id,
    audiences: [row.party_id, ...row.shop_parties, ...(row.is_admin ? ["admin"] : [])],
  }));
}
