"use server";

import { z } from "zod";
import { adminAction } from "@/lib/auth/admin-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { settleBatchMax } from "@/lib/charging/operations";
import { beginSettlement } from "@/lib/settlement/begin-settlement";
import { settleStatements } from "@/lib/settlement/settle-statements";
import { plainText } from "@/lib/validation/text";

const statementIds = z.array(plainText("a statement id").min(1).max(40)).min(1).max(settleBatchMax);

/** Step-up options for settling exactly these statements. */
export const settleOptionsAction = adminAction(
  "settlement.write",
  z.object({ statementIds }),
  async ({ db, actor, meta, input }) => ({
    options: await beginSettlement(db, { actor, statementIds: input.statementIds, ip: meta.ip }),
  }),
);

/** Marks the chosen invoices paid and payouts sent (each once, also under concurrent calls). */
export const settleStatementsAction = adminAction(
  "settlement.write",
  z.object({ statementIds, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) =>
    settleStatements(db, {
      actor,
      statementIds: input.statementIds,
      authorization: input.stepUp,
      ip: meta.ip,
    }),
);
