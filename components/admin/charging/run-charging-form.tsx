"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { chargingRunOptionsAction, runChargingAction } from "@/app/(admin)/admin/charging/actions";
import { primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";
import { plural } from "@/lib/words/plural";

/** "Run now": pick the period end (00:00 UTC of a date), confirm with a passkey, see the outcome. */
export function RunChargingForm({ defaultDate, maxDate }: { defaultDate: string; maxDate: string }) {
  const router = useRouter();
  const [date, setDate] = useState(defaultDate);
  const { busy, status, run } = useActionStatus();
  return (
    <form
      className="space-y-3 rounded-xl border border-stone-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        void run("Confirm with your passkey, then the run totals every unbilled posting…", async () => {
          const result = await runStepUp(
            () => chargingRunOptionsAction({ periodEnd: date }),
            (_context, stepUp) => runChargingAction({ periodEnd: date, stepUp }),
          );
          router.refresh();
          if (!result.ok) return { kind: "error", text: errorText(result.error) };
          const outcome = result.data.result;
          return {
            kind: "success",
            text: outcome.created
              ? `Run ${outcome.runId} completed: ${plural(outcome.invoiceCount, "invoice")}, ${plural(outcome.payoutCount, "payout")}.`
              : `This period was already charged by run ${outcome.runId}; nothing new was written.`,
          };
        });
      }}
    >
      <h2 className="text-xl font-semibold">Run now</h2>
      <label className="block space-y-1">
        <span className="font-medium">Period ends at 00:00 UTC on</span>
        <input
          type="date"
          name="periodEnd"
          required
          max={maxDate}
          value={date}
          onChange={(event) => setDate(event.target.value)}
          className={textInput}
        />
      </label>
      <p className="text-sm text-stone-600">
        Every posting created before then and not yet in a run is totalled per party and currency. Choosing
        tomorrow closes today early; postings made later go to the next run.
      </p>
      <button type="submit" className={primaryButton} disabled={busy} aria-busy={busy}>
        {busy ? "Running…" : "Run charging"}
      </button>
      <StatusMessage status={status} />
    </form>
  );
}
