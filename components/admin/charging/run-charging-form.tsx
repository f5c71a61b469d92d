"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { chargingRunOptionsAction, runChargingAction } from "@/app/(admin)/admin/charging/actions";
import { primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";
import { plural } from "@/lib/words/plural";

/**
 * "Run now": close the period now (default: it ends the moment the run starts, on the server's clock) or at 00:00
 * UTC of a chosen date; says what will happen, confirms with a passkey, shows the outcome.
 */
export function RunChargingForm({
  defaultDate,
  maxDate,
  periodStartText,
  nowBlockedBy,
}: {
  defaultDate: string;
  maxDate: string;
  /** Where the next run starts: the end of the last run ("29 Nov 2026, 10:37"), or null before the first run. */
  periodStartText: string | null;
  /** The end of a run that already reaches past now (a coming midnight), when closing now cannot be chosen. */
  nowBlockedBy: string | null;
}) {
  const router = useRouter();
  const [mode, setMode] = useState<"now" | "midnight">(nowBlockedBy ? "midnight" : "now");
  const [date, setDate] = useState(defaultDate);
  const { busy, status, run } = useActionStatus();
  const periodEnd = mode === "now" ? "now" : date;
  const from = periodStartText ? `from ${periodStartText} ` : "";
  return (
    <form
      className="space-y-3 rounded-xl border border-stone-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        void run("Confirm with your passkey, then the run totals every unbilled posting…", async () => {
          const result = await runStepUp(
            () => chargingRunOptionsAction({ periodEnd }),
            (_context, stepUp) => runChargingAction({ periodEnd, stepUp }),
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
      <fieldset className="space-y-1">
        <legend className="font-medium">When the period ends</legend>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="radio"
            name="periodMode"
            checked={mode === "now"}
            disabled={nowBlockedBy !== null}
            onChange={() => setMode("now")}
          />
          Close the period now
        </label>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="radio"
            name="periodMode"
            checked={mode === "midnight"}
            onChange={() => setMode("midnight")}
          />
          Close at a date&apos;s midnight
        </label>
      </fieldset>
      {mode === "midnight" ? (
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
      ) : null}
      <p className="text-sm text-stone-600" data-testid="run-charging-plan">
        {mode === "now"
          ? `The period ${from}ends the moment the run starts. Every posting made before then and not yet in a run is totalled per party and currency; postings made later go to the next scheduled run, which still ends at its usual midnight.`
          : `The period ${from}ends at 00:00 UTC on the chosen date. Every posting made before then and not yet in a run is totalled per party and currency. Choosing tomorrow closes today early; postings made later go to the next run.`}
      </p>
      {nowBlockedBy ? (
        <p className="text-sm text-stone-600">
          A run already closed the period ending {nowBlockedBy}, so it cannot be closed now.
        </p>
      ) : null}
      <button type="submit" className={primaryButton} disabled={busy} aria-busy={busy}>
        {busy ? "Running…" : "Run charging"}
      </button>
      <StatusMessage status={status} />
    </form>
  );
}
