import "server-only";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties, passkeys, users } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { userActor } from "@/lib/auth/actor";
import { type FastAssertionVerdict, verifyPasskeyAssertion } from "@/lib/auth/fast-assertion";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError, isAppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { createPendingSession } from "@/lib/sessions/create-pending-session";
import { noteBrowser } from "@/lib/sessions/note-browser";
import { challengeOfClientData, consumePasskeyChallenge } from "./passkey-challenge";

const refused = (message: string, cause?: unknown) => new AppError("PASSKEY_INVALID", message, { cause });

interface CounterRegression {
  counterRegression: { userId: string; passkeyId: string; stored: number };
}

/**
 * Signs a person in with a discoverable passkey: consumes the challenge once, requires user verification, the
 * exact origin and RP ID, a known credential whose user handle matches, an active account and a counter that
 * moves forward (a backwards counter is refused and flagged in the audit log). Returns a one-time proof that
 * next-auth exchanges for the session, and the token of the browser's cookie: a browser the account has not
 * signed in from before (no known `browserToken`) is recorded as a security event.
 */
export async function finishPasskeySignIn(
  db: DbOrTx,
  input: { response: unknown; meta: RequestMeta; browserToken?: string | null },
  rp: RelyingParty = getRelyingParty(),
): Promise<{ userId: string; proof: string; browserToken: string }> {
  await limitAttempt(db, "signin.verify", { ip: input.meta.ip });
  const response = input.response as AuthenticationResponseJSON;
  if (!response || typeof response.id !== "string" || response.id.length > 1024 || !response.response) {
    throw refused("The passkey response is malformed.");
  }
  const [found] = await db
    .select({ passkey: passkeys, user: users, partyStatus: parties.status })
    .from(passkeys)
    .innerJoin(users, eq(users.id, passkeys.userId))
    .innerJoin(parties, eq(parties.id, users.partyId))
    .where(eq(passkeys.credentialId, response.id));
  if (found) await limitAttempt(db, "signin.verify", { accountId: found.user.id });
  try {
    return await db.transaction(async (tx) => {
      await consumePasskeyChallenge(tx, {
        challenge: challengeOfClientData(response),
        purpose: "authentication",
        userId: null,
      });
      if (!found) throw refused("This passkey is not registered with Scrip.");
      const { passkey, user } = found;
      const userHandle = response.response.userHandle;
      if (userHandle && userHandle !== user.webauthnUserId) {
        throw refused("This passkey does not belong to the account it claims.");
      }
      if (found.partyStatus !== "active") {
        throw new AppError("ACCOUNT_SUSPENDED", "This account is suspended.");
      }
      let verification: FastAssertionVerdict;
      try {
        verification = await verifyPasskeyAssertion({
          response,
          expectedChallenge: challengeOfClientData(response) ?? "",
          expectedOrigin: rp.origin,
          expectedRPID: rp.rpID,
          credential: {
            id: passkey.credentialId,
            publicKey: new Uint8Array(passkey.publicKey),
            counter: passkey.counter,
          },
          requireUserVerification: true,
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : "verification failed";
        const flag: CounterRegression | undefined = /counter value/i.test(reason)
          ? { counterRegression: { userId: user.id, passkeyId: passkey.id, stored: passkey.counter } }
          : undefined;
        throw refused(`The passkey sign-in was refused: ${reason}`, flag ?? error);
      }
      if (!verification.verified || !verification.userVerified) {
        throw refused("The passkey did not verify the user.");
      }
      const { newCounter, credentialBackedUp } = verification;
      // Compare-and-swap: two concurrent sign-ins with one authenticator cannot both advance the counter.
      const updated = await tx
        .update(passkeys)
        .set({ counter: newCounter, lastUsedAt: sql`now()`, backedUp: credentialBackedUp })
        .where(and(eq(passkeys.id, passkey.id), eq(passkeys.counter, passkey.counter)))
        .returning({ id: passkeys.id });
      if (updated.length === 0) throw refused("This passkey was used concurrently; please try again.");
      await recordAuditEvent(tx, {
        action: "auth.signin",
        actor: userActor({ userId: user.id, partyId: user.partyId, isAdmin: user.isAdmin }),
        targetType: "passkey",
        targetId: passkey.id,
        ip: input.meta.ip,
      });
      const { proof } = await createPendingSession(tx, {
        userId: user.id,
        passkeyId: passkey.id,
        meta: input.meta,
      });
      const browser = await noteBrowser(tx, {
        userId: user.id,
        token: input.browserToken ?? null,
        ...input.meta,
      });
      return { userId: user.id, proof, browserToken: browser.token };
    });
  } catch (error) {
    if (found && isAppError(error)) {
      await recordAuditEvent(db, {
        action: "auth.signin_failed",
        actor: userActor({ userId: found.user.id, partyId: found.user.partyId }),
        targetType: "passkey",
        targetId: found.passkey.id,
        reason: error.message.slice(0, 300),
        ip: input.meta.ip,
      });
    }
    const flag = (error as { cause?: Partial<CounterRegression> })?.cause?.counterRegression;
    if (flag && found) {
      await recordAuditEvent(db, {
        action: "passkey.counter_regression",
        actor: userActor({ userId: found.user.id, partyId: found.user.partyId }),
        targetType: "passkey",
        targetId: flag.passkeyId,
        reason: "signature counter did not move forward: the authenticator may be cloned",
        ip: input.meta.ip,
        data: { storedCounter: flag.stored, during: "signin" },
      });
    }
    throw error;
  }
}
