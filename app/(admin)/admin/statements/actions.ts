"use server";

import { z } from "zod";
import { adminAction } from "@/lib/auth/admin-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { settleBatchMax } from "@/lib/charging/operations";
import { approveSettlement } from "@/lib/settlement/approve-settlement";
import { beginSettlement } from "@/lib/settlement/begin-settlement";
import { beginSettlementApproval } from "@/lib/settlement/begin-settlement-approval";
import { type SettleResult, settleStatements } from "@/lib/settlement/settle-statements";
import { plainText } from "@/lib/validation/text";

const statementIds = z.array(plainText("a statement id").min(1).max(40)).min(1).max(settleBatchMax);
const approvalId = plainText("an approval id").min(1).max(40);

/** What the screen needs to know about a settlement call (counts only; no amounts as bigint). */
const settleDto = (result: SettleResult) => ({
  settled: result.settled,
  alreadySettled: result.alreadySettled,
  awaitingApproval: result.awaitingApproval !== undefined,
});

/** Step-up options for settling exactly these statements. */
export const settleOptionsAction = adminAction(
  "settlement.write",
  z.object({ statementIds }),
  async ({ db, actor, meta, input }) => ({
    options: await beginSettlement(db, { actor, statementIds: input.statementIds, ip: meta.ip }),
  }),
);

/**
 * Marks the chosen invoices paid and payouts sent (each once, also under concurrent calls); over the
 * dual-control threshold it records the request for a second admin instead.
 */
export const settleStatementsAction = adminAction(
  "settlement.write",
  z.object({ statementIds, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) =>
    settleDto(
      await settleStatements(db, {
        actor,
        statementIds: input.statementIds,
        authorization: input.stepUp,
        ip: meta.ip,
      }),
    ),
);

/** Step-up options for a second admin approving exactly this awaiting settlement. */
export const approveSettlementOptionsAction = adminAction(
  "settlement.write",
  z.object({ approvalId }),
  async ({ db, actor, meta, input }) => ({
    options: await beginSettlementApproval(db, { actor, approvalId: input.approvalId, ip: meta.ip }),
  }),
);

/** A second admin's passkey approval: settles the awaiting set (once, also under concurrent approvals). */
export const approveSettlementAction = adminAction(
  "settlement.write",
  z.object({ approvalId, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) =>
    settleDto(
      await approveSettlement(db, {
        actor,
        approvalId: input.approvalId,
        authorization: input.stepUp,
        ip: meta.ip,
      }),
    ),
);
