"use server";

import { z } from "zod";
import { adminAction } from "@/lib/auth/admin-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { beginExportPayoutBatch } from "@/lib/payouts/begin-export-payout-batch";
import { createPayoutBatch } from "@/lib/payouts/create-payout-batch";
import { exportPayoutBatch } from "@/lib/payouts/export-payout-batch";
import { beginSubmitPayoutBatch, submitPayoutBatch } from "@/lib/payouts/submit-payout-batch";
import { withdrawPayoutBatch } from "@/lib/payouts/withdraw-payout-batch";
import { plainText } from "@/lib/validation/text";

const batchId = plainText("a payout batch id").min(1).max(40);
const currency = plainText("a currency").regex(/^[A-Z]{3}$/);

/** Makes a payout batch of one currency's open payouts; returns its id and what it holds. */
export const createPayoutBatchAction = adminAction(
  "settlement.write",
  z.object({ currency }),
  async ({ db, actor, meta, input }) =>
    createPayoutBatch(db, actor, { currency: input.currency, ip: meta.ip }),
);

/** Step-up options for taking a batch's bank file (the file is built first; the passkey commits to it). */
export const exportPayoutBatchOptionsAction = adminAction(
  "settlement.write",
  z.object({ batchId }),
  async ({ db, actor, meta, input }) => ({
    options: (await beginExportPayoutBatch(db, actor, { batchId: input.batchId, ip: meta.ip })).options,
  }),
);

/** The batch's bank file, confirmed with a passkey: the browser saves it as a download. */
export const exportPayoutBatchAction = adminAction(
  "settlement.write",
  z.object({ batchId, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const file = await exportPayoutBatch(db, actor, {
      batchId: input.batchId,
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return { filename: file.filename, contentType: file.contentType, content: file.content };
  },
);

/** Step-up options for marking a batch sent (settling exactly its payouts). */
export const submitPayoutBatchOptionsAction = adminAction(
  "settlement.write",
  z.object({ batchId }),
  async ({ db, actor, meta, input }) => ({
    options: await beginSubmitPayoutBatch(db, actor, { batchId: input.batchId, ip: meta.ip }),
  }),
);

/** "Marked sent to the bank": settles the batch's payouts, or records it for a second admin over the threshold. */
export const submitPayoutBatchAction = adminAction(
  "settlement.write",
  z.object({ batchId, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const result = await submitPayoutBatch(db, actor, {
      batchId: input.batchId,
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return {
      settled: result.settled.length,
      alreadySettled: result.alreadySettled.length,
      awaitingApproval: result.awaitingApproval !== undefined,
    };
  },
);

/** Withdraws a batch nobody marked sent: its payouts go into a later batch. */
export const withdrawPayoutBatchAction = adminAction(
  "settlement.write",
  z.object({ batchId }),
  async ({ db, actor, meta, input }) => {
    await withdrawPayoutBatch(db, actor, { batchId: input.batchId, ip: meta.ip });
    return { withdrawn: true };
  },
);
