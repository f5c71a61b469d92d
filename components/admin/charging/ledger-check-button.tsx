"use client";

import { useState } from "react";
import { checkLedgerAction } from "@/app/(admin)/admin/health/actions";
import { secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { plural } from "@/lib/words/plural";

type Violation = { invariant: number; message: string; sample: string };

/** Runs checkLedger on demand and lists what it found. */
export function LedgerCheckButton() {
  const { busy, status, run } = useActionStatus();
  const [violations, setViolations] = useState<Violation[] | null>(null);
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={secondaryButton}
        disabled={busy}
        aria-busy={busy}
        onClick={() =>
          run("Checking every invariant of the ledger…", async () => {
            const result = await checkLedgerAction({});
            if (!result.ok) return { kind: "error", text: errorText(result.error) };
            setViolations(result.data.violations);
            return result.data.violations.length === 0
              ? {
                  kind: "success",
                  text: `Ledger consistent: every invariant holds (${result.data.checkedAt}).`,
                }
              : {
                  kind: "error",
                  text: `${plural(result.data.violations.length, "invariant violation")} found.`,
                };
          })
        }
      >
        Check ledger now
      </button>
      <StatusMessage status={status} />
      {violations && violations.length > 0 ? (
        <ul className="space-y-2">
          {violations.map((violation) => (
            <li
              key={`${violation.invariant}-${violation.message}`}
              className="rounded-lg border border-red-200 bg-red-50 p-3"
            >
              <p className="font-medium text-red-900">
                Invariant {violation.invariant}: {violation.message}
              </p>
              <pre className="mt-1 overflow-x-auto text-xs text-red-800">{violation.sample}</pre>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
