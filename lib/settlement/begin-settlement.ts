import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { settleBatchMax, settleOperation } from "@/lib/charging/operations";
import { AppError } from "@/lib/errors";

/** Step-up options for an admin settling exactly `statementIds` (settlement.write only, at most settleBatchMax). */
export async function beginSettlement(
  db: DbOrTx,
  input: { actor: Actor; statementIds: string[]; ip?: string | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  requirePermission(input.actor, "settlement.write");
  if (input.statementIds.length === 0 || input.statementIds.length > settleBatchMax) {
    throw new AppError("VALIDATION_FAILED", `Choose between 1 and ${settleBatchMax} statements.`);
  }
  return beginStepUp(db, {
    actor: input.actor,
    operation: settleOperation(input.statementIds),
    ip: input.ip,
  });
}
