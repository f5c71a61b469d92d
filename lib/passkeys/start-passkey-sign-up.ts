import "server-only";
import { randomBytes } from "node:crypto";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { getRelyingParty, type RelyingParty } from "@/lib/auth/webauthn-config";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { displayNameSchema, handleSchema } from "@/lib/users/handle";
import { createRegistrationOptions } from "./create-registration-options";

export interface PendingSignUp {
  handle: string;
  displayName: string;
  webauthnUserId: string;
}

/**
 * Registration options for a new account: a discoverable credential with user verification, for a handle
 * that is still free (case-insensitively). The handle is reserved only when the passkey is verified.
 */
export async function startPasskeySignUp(
  db: DbOrTx,
  input: { handle: string; displayName: string; meta: RequestMeta },
  rp: RelyingParty = getRelyingParty(),
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  await limitAttempt(db, "signup.options", { ip: input.meta.ip });
  const handle = handleSchema.parse(input.handle);
  const displayName = displayNameSchema.parse(input.displayName);
  const taken = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.handle}) = lower(${handle})`);
  if (taken.length > 0) throw new AppError("HANDLE_TAKEN", `The handle @${handle} is already taken.`);
  const webauthnUserId = randomBytes(32).toString("base64url");
  const pending: PendingSignUp = { handle, displayName, webauthnUserId };
  return createRegistrationOptions(db, { user: { id: null, ...pending }, grant: pending }, rp);
}
