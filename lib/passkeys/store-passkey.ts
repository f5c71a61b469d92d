import "server-only";
import type { DbOrTx } from "@/db/client";
import { passkeys } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { newId } from "@/lib/ids";
import { recordSecurityEvent } from "@/lib/security-events/record-security-event";
import type { NewCredential } from "./verify-new-credential";

/** What the challenge a registration answered was issued for (`pendingData`), or null when nothing was kept. */
export function pendingOf<T>(credential: { pendingData: string | null }): T | null {
  return JSON.parse(credential.pendingData ?? "null") as T | null;
}

/**
 * Stores a verified new credential as `userId`'s passkey named `name` and returns its id. `usedNow` marks it
 * used by this very registration (sign-up and recovery sign the person in with it).
 */
export async function storePasskey(
  tx: DbOrTx,
  credential: NewCredential,
  input: { userId: string; name: string; usedNow?: boolean },
): Promise<string> {
  const passkeyId = newId("passkey");
  const {
    suggestedName: _name,
    pendingData: _pending,
    ...stored
  } = credential as NewCredential & {
    pendingData?: string | null;
  };
  await tx.insert(passkeys).values({
    id: passkeyId,
    userId: input.userId,
    ...stored,
    name: input.name,
    ...(input.usedNow ? { lastUsedAt: new Date() } : {}),
  });
  return passkeyId;
}

/** The audit row and the person's security event for a passkey added to their account. */
export async function recordPasskeyAdded(
  tx: DbOrTx,
  input: {
    actor: Actor;
    userId: string;
    passkeyId: string;
    credential: NewCredential;
    name: string;
    ip: string | null;
  },
): Promise<void> {
  const { credential } = input;
  await recordAuditEvent(tx, {
    action: "passkey.added",
    actor: input.actor,
    targetType: "passkey",
    targetId: input.passkeyId,
    ip: input.ip,
    data: { deviceType: credential.deviceType, transports: credential.transports },
  });
  await recordSecurityEvent(tx, {
    userId: input.userId,
    kind: "passkey_added",
    detail: input.name,
    ip: input.ip,
  });
}
