import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { exportPayoutBatchOperation } from "./operations";
import { buildPayoutBatchFile, readPayoutBatch } from "./payout-batch-file";

/**
 * Step-up options for taking a batch's bank file: the file is built first (so a missing or changed bank account
 * is reported before any passkey prompt) and the passkey commits to the batch and the file's SHA-256.
 */
export async function beginExportPayoutBatch(
  db: DbOrTx,
  actor: Actor,
  input: { batchId: string; now?: Date; ip?: string | null },
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; sha256: string }> {
  requirePermission(actor, "settlement.write");
  const batch = await readPayoutBatch(db, input.batchId);
  const file = await buildPayoutBatchFile(db, actor, batch, input.now ?? new Date());
  const options = await beginStepUp(db, {
    actor,
    operation: exportPayoutBatchOperation(batch.id, file.sha256),
    ip: input.ip,
  });
  return { options, sha256: file.sha256 };
}
