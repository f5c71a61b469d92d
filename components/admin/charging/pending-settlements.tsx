"use client";

import { useRouter } from "next/navigation";
import {
  approveSettlementAction,
  approveSettlementOptionsAction,
} from "@/app/(admin)/admin/statements/actions";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";

export interface PendingSettlementRow {
  approvalId: string;
  /** "2 statements, €7,000.00" */
  summary: string;
  /** "@ada on 28 Nov 2026, 21:50" */
  askedBy: string;
  mine: boolean;
}

/** Settlements waiting for a second administrator: anyone but the one who asked approves with a passkey. */
export function PendingSettlements({ rows }: { rows: PendingSettlementRow[] }) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();

  function approve(approvalId: string) {
    void run("Confirm with your passkey to approve and settle…", async () => {
      const result = await runStepUp(
        () => approveSettlementOptionsAction({ approvalId }),
        (_context, stepUp) => approveSettlementAction({ approvalId, stepUp }),
      );
      router.refresh();
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      return { kind: "success", text: `Approved: ${result.data.result.settled.length} settled.` };
    });
  }

  // Rendered while something waits, and after the last approval too while its answer shows (the page's live
  // refresh empties the list at once; the answer must not go with it).
  if (rows.length === 0 && !status) return null;
  return (
    <section aria-labelledby="pending-heading" className="space-y-3">
      <h2 id="pending-heading" className="text-xl font-semibold">
        Waiting for a second administrator
      </h2>
      <p className="text-sm text-stone-700">
        Large settlements need two administrators: one asks, a different one approves.
      </p>
      <StatusMessage status={status} />
      {rows.length === 0 ? (
        <p className="text-stone-700">Nothing else waits for a second administrator.</p>
      ) : null}
      <ul
        className={
          rows.length === 0
            ? "hidden"
            : "divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white"
        }
      >
        {rows.map((row) => (
          <li key={row.approvalId} className="flex flex-wrap items-center justify-between gap-3 p-3">
            <span>
              <span className="block font-medium">{row.summary}</span>
              <span className="block text-sm text-stone-600">Asked by {row.askedBy}</span>
            </span>
            {row.mine ? (
              <span className="text-sm text-stone-600">
                You asked for this; another administrator must approve it.
              </span>
            ) : (
              <button
                type="button"
                className={primaryButton}
                disabled={busy}
                onClick={() => approve(row.approvalId)}
              >
                Approve and settle with passkey
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
