import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webauthnChallenges } from "@/db/schema";
import { challengeLifetimeMs } from "@/lib/auth/step-up-challenge";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";

/** Reads the challenge from a WebAuthn response's clientDataJSON, or null when it is not well-formed. */
export function challengeOfClientData(response: unknown): string | null {
  try {
    const clientDataJSON = (response as { response?: { clientDataJSON?: unknown } })?.response
      ?.clientDataJSON;
    if (typeof clientDataJSON !== "string" || clientDataJSON.length > 4096) return null;
    const clientData = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    return typeof clientData?.challenge === "string" ? clientData.challenge : null;
  } catch {
    return null;
  }
}

/** Stores a sign-in or registration challenge: single use, expiring with the step-up challenges (5 min). */
export async function storePasskeyChallenge(
  db: DbOrTx,
  input: {
    challenge: string;
    purpose: "registration" | "authentication";
    userId?: string | null;
    pendingData?: unknown;
  },
): Promise<void> {
  await db.insert(webauthnChallenges).values({
    id: newId("challenge"),
    challenge: input.challenge,
    purpose: input.purpose,
    userId: input.userId ?? null,
    pendingData: input.pendingData === undefined ? null : JSON.stringify(input.pendingData),
    expiresAt: new Date(Date.now() + challengeLifetimeMs),
  });
}

/**
 * Consumes a sign-in or registration challenge exactly once, in the caller's transaction; refuses one that
 * is unknown, already used, expired, for another purpose or (when `userId` is given) another user's.
 */
export async function consumePasskeyChallenge(
  tx: DbOrTx,
  input: { challenge: string | null; purpose: "registration" | "authentication"; userId: string | null },
): Promise<{ pendingData: string | null }> {
  if (!input.challenge) throw new AppError("PASSKEY_INVALID", "The passkey response is malformed.");
  const [consumed] = await tx
    .update(webauthnChallenges)
    .set({ consumedAt: sql`now()` })
    .where(
      and(
        eq(webauthnChallenges.challenge, input.challenge),
        eq(webauthnChallenges.purpose, input.purpose),
        input.userId === null
          ? isNull(webauthnChallenges.userId)
          : eq(webauthnChallenges.userId, input.userId),
        isNull(webauthnChallenges.consumedAt),
        gt(webauthnChallenges.expiresAt, sql`now()`),
      ),
    )
    .returning({ pendingData: webauthnChallenges.pendingData });
  if (!consumed) {
    throw new AppError(
      "PASSKEY_INVALID",
      "This passkey request was already used or has expired. Please try again.",
    );
  }
  return consumed;
}
