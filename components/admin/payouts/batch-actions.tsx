"use client";

import { useRouter } from "next/navigation";
import {
  exportPayoutBatchAction,
  exportPayoutBatchOptionsAction,
  submitPayoutBatchAction,
  submitPayoutBatchOptionsAction,
  withdrawPayoutBatchAction,
} from "@/app/(admin)/admin/payouts/actions";
import { dangerButton, primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";

/** Saves `content` as a file download named `filename`. */
function download(filename: string, contentType: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: contentType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A batch's two passkey steps: take the bank file (downloads it) and mark the batch sent to the bank (settles its
 * payouts, or waits for a second administrator when it is over the dual-control threshold).
 */
export function BatchActions({
  batchId,
  fileKind,
  canExport,
  canSend,
  canWithdraw,
}: {
  batchId: string;
  fileKind: string;
  canExport: boolean;
  canSend: boolean;
  canWithdraw: boolean;
}) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();

  const takeFile = () =>
    run("Confirm with your passkey to take the bank file…", async () => {
      const result = await runStepUp(
        () => exportPayoutBatchOptionsAction({ batchId }),
        (_context, stepUp) => exportPayoutBatchAction({ batchId, stepUp }),
      );
      router.refresh();
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      const file = result.data.result;
      download(file.filename, file.contentType, file.content);
      return {
        kind: "success",
        text: `Downloaded ${file.filename}. Upload it to the bank, then mark the batch sent.`,
      };
    });

  const markSent = () =>
    run("Confirm with your passkey to mark the batch sent to the bank…", async () => {
      const result = await runStepUp(
        () => submitPayoutBatchOptionsAction({ batchId }),
        (_context, stepUp) => submitPayoutBatchAction({ batchId, stepUp }),
      );
      router.refresh();
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      if (result.data.result.awaitingApproval) {
        return {
          kind: "success",
          text: "This is more than one administrator may pay out alone. Nothing is marked sent yet: a second administrator must approve it under Statements and settlement.",
        };
      }
      return { kind: "success", text: "The batch is marked sent to the bank." };
    });

  const withdraw = () =>
    run("Withdrawing the batch…", async () => {
      const result = await withdrawPayoutBatchAction({ batchId });
      router.refresh();
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      return { kind: "success", text: "Withdrawn: its payouts go into the next batch you make." };
    });

  return (
    <section
      aria-labelledby="batch-steps"
      className="space-y-3 rounded-xl border border-stone-200 bg-white p-5"
    >
      <h2 id="batch-steps" className="text-lg font-semibold">
        Pay this batch
      </h2>
      <ol className="list-decimal space-y-1 pl-5 text-stone-700">
        <li>Take the bank file ({fileKind}) with your passkey and upload it to the bank.</li>
        <li>
          Once the bank has it, mark the batch sent with your passkey: the payouts are then recorded as paid.
        </li>
        <li>When the bank answers, upload its answer below: returned payouts are owed again.</li>
      </ol>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={primaryButton} disabled={busy || !canExport} onClick={takeFile}>
          Take the bank file
        </button>
        <button type="button" className={secondaryButton} disabled={busy || !canSend} onClick={markSent}>
          Mark as sent to the bank
        </button>
      </div>
      {canWithdraw ? (
        <div className="space-y-2 border-t border-stone-200 pt-3">
          <p className="text-sm text-stone-700">
            Made a mistake, or a bank account changed? Withdraw the batch, but only if the bank did not get
            its file: its payouts go into the next batch.
          </p>
          <button type="button" className={dangerButton} disabled={busy} onClick={withdraw}>
            Withdraw this batch
          </button>
        </div>
      ) : null}
      <StatusMessage status={status} />
    </section>
  );
}
