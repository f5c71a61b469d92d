import type { Operation } from "@/lib/auth/operations";

/** The operation a second admin's passkey confirms: this approval, of exactly this set of statements. */
export function settlementApprovalOperation(approvalId: string, statementIds: readonly string[]): Operation {
  return { type: "settlement.approve", approvalId, statementIds: [...new Set(statementIds)].sort() };
}
