"use client";

import { useRouter } from "next/navigation";
import { createPayoutBatchAction } from "@/app/(admin)/admin/payouts/actions";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/** "Make a payout batch" for one currency: collects its open payouts and opens the new batch. */
export function MakeBatchButton({ currency, label }: { currency: string; label: string }) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  return (
    <div className="space-y-2">
      <button
        type="button"
        className={primaryButton}
        disabled={busy}
        onClick={() =>
          run("Making the batch…", async () => {
            const result = await createPayoutBatchAction({ currency });
            if (!result.ok) return { kind: "error", text: errorText(result.error) };
            router.push(`/admin/payouts/${result.data.batchId}`);
            return { kind: "success", text: "The batch is made." };
          })
        }
      >
        {label}
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
