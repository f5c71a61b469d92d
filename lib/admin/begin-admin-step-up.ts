import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { type AdminOperation, adminOperationPermission, toStepUpOperation } from "./admin-operations";

/**
 * Admins only (the operation's own permission): a rate-limited passkey challenge committing to exactly
 * `operation`, which `performAdminOperation` later requires.
 */
export async function beginAdminStepUp(
  db: DbOrTx,
  actor: Actor,
  input: { operation: AdminOperation; ip?: string | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  requirePermission(actor, adminOperationPermission[input.operation.type]);
  return beginStepUp(db, { actor, operation: toStepUpOperation(input.operation), ip: input.ip });
}
