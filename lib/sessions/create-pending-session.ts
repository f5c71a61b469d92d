import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { DbOrTx } from "@/db/client";
import { sessions } from "@/db/schema";
import { getSessionConfig } from "@/lib/auth/session-config";
import type { RequestMeta } from "@/lib/http/request-meta";
import { newId } from "@/lib/ids";

/** Sign-in proofs are stored only as this hash (SHA-256, base64url). */
export const hashSignInProof = (proof: string) => createHash("sha256").update(proof).digest("base64url");

/**
 * Records a new session for a user whose passkey was just verified, not yet usable: it becomes usable when
 * next-auth exchanges the returned one-time proof for the session cookie (`exchangeSignInProof`).
 */
export async function createPendingSession(
  db: DbOrTx,
  input: { userId: string; passkeyId: string; meta: RequestMeta },
): Promise<{ sessionId: string; proof: string }> {
  const sessionId = newId("session");
  const proof = randomBytes(32).toString("base64url");
  await db.insert(sessions).values({
    id: sessionId,
    userId: input.userId,
    passkeyId: input.passkeyId,
    expiresAt: new Date(Date.now() + getSessionConfig().maxSeconds * 1000),
    signInProofHash: hashSignInProof(proof),
    ip: input.meta.ip,
    userAgent: input.meta.userAgent,
  });
  return { sessionId, proof };
}
