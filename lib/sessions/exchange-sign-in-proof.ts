import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { sessions } from "@/db/schema";
import { signInProofLifetimeSeconds } from "@/lib/auth/session-config";
import { hashSignInProof } from "./create-pending-session";

/**
 * Exchanges a one-time sign-in proof for its session: works once, within two minutes of the passkey
 * verification that produced it, and only for a session that was not revoked meanwhile.
 */
export async function exchangeSignInProof(db: DbOrTx, proof: string): Promise<{ sessionId: string } | null> {
  if (typeof proof !== "string" || proof.length < 20 || proof.length > 100) return null;
  const [session] = await db
    .update(sessions)
    .set({ signInProofHash: null, lastSeenAt: sql`now()` })
    .where(
      and(
        eq(sessions.signInProofHash, hashSignInProof(proof)),
        isNull(sessions.revokedAt),
        gt(sessions.createdAt, sql`now() - make_interval(secs => ${signInProofLifetimeSeconds})`),
      ),
    )
    .returning({ sessionId: sessions.id });
  return session ?? null;
}
