import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { getAwaitingApprovalOrThrow } from "./approve-settlement";
import { settlementApprovalOperation } from "./settlement-approval-operation";

/**
 * Step-up options for the second admin approving exactly this settlement (settlement.write; never the admin who
 * asked for it, nor an approval already given).
 */
export async function beginSettlementApproval(
  db: DbOrTx,
  input: { actor: Actor; approvalId: string; ip?: string | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  requirePermission(input.actor, "settlement.write");
  const row = await getAwaitingApprovalOrThrow(db, input.actor, input.approvalId, { lock: false });
  return beginStepUp(db, {
    actor: input.actor,
    operation: settlementApprovalOperation(row.id, row.statementIds),
    ip: input.ip,
  });
}
