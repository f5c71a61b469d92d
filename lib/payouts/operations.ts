import type { Operation } from "@/lib/auth/operations";

/** Most payouts one batch carries: marking a batch sent settles them in one call (settleBatchMax). */
export { settleBatchMax as payoutBatchMax } from "@/lib/charging/operations";

/** The operation an admin's passkey confirms to take a batch's bank file: bound to the batch and the file's bytes. */
export function exportPayoutBatchOperation(batchId: string, sha256: string): Operation {
  return { type: "payouts.export", batchId, sha256 };
}
