"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { settleOptionsAction, settleStatementsAction } from "@/app/(admin)/admin/statements/actions";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";
import { plural, pluralWord } from "@/lib/words/plural";

export interface StatementRow {
  id: string;
  runId: string;
  periodEnd: string;
  party: string;
  kind: "invoice" | "payout";
  amountText: string;
  /** An open invoice's term: "due by 12 Dec 2026" or "overdue since 12 Dec 2026"; null otherwise. */
  dueText: string | null;
  overdue: boolean;
  currency: string;
  status: "open" | "settled";
  settledAt: string | null;
}

/** The statements table with single and bulk settlement (passkey step-up over the exact set). */
export function SettleControls({ rows }: { rows: StatementRow[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const { busy, status, run } = useActionStatus();
  const open = rows.filter((row) => row.status === "open");

  function settle(ids: string[]) {
    void run(`Confirm with your passkey to settle ${plural(ids.length, "statement")}…`, async () => {
      const result = await runStepUp(
        () => settleOptionsAction({ statementIds: ids }),
        (_context, stepUp) => settleStatementsAction({ statementIds: ids, stepUp }),
      );
      router.refresh();
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setSelected(new Set());
      const { settled, alreadySettled, awaitingApproval } = result.data.result;
      if (awaitingApproval) {
        return {
          kind: "success",
          text: "This is more than one administrator may settle alone. Nothing is settled yet: it now waits for a second administrator to approve it.",
        };
      }
      return {
        kind: "success",
        text: `Settled ${settled.length}${alreadySettled.length ? `; ${alreadySettled.length} ${pluralWord(alreadySettled.length, "was", "were")} already settled` : ""}.`,
      };
    });
  }

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={primaryButton}
          disabled={busy || selected.size === 0}
          onClick={() => settle([...selected])}
        >
          Settle selected ({selected.size})
        </button>
        <button
          type="button"
          className={secondaryButton}
          disabled={busy || open.length === 0}
          onClick={() => setSelected(new Set(open.slice(0, 200).map((row) => row.id)))}
        >
          Select all open
        </button>
      </div>
      <StatusMessage status={status} />
      <div className="overflow-x-auto rounded-xl border border-stone-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Statements</caption>
          <thead className="bg-stone-50 text-stone-700">
            <tr>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Select</span>
              </th>
              <th scope="col" className="px-3 py-2">
                Party
              </th>
              <th scope="col" className="px-3 py-2">
                Kind
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Amount
              </th>
              <th scope="col" className="px-3 py-2">
                Period end
              </th>
              <th scope="col" className="px-3 py-2">
                Status
              </th>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className="border-t border-stone-100" data-statement-id={row.id}>
                <td className="px-3 py-2">
                  {row.status === "open" ? (
                    <input
                      type="checkbox"
                      className="size-5"
                      aria-label={`Select ${row.kind} of ${row.party}`}
                      checked={selected.has(row.id)}
                      onChange={() => toggle(row.id)}
                      disabled={busy}
                    />
                  ) : null}
                </td>
                <td className="px-3 py-2">{row.party}</td>
                <td className="px-3 py-2">{row.kind === "invoice" ? "Invoice" : "Payout"}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {row.amountText}
                  {row.dueText ? (
                    <span
                      className={`block text-xs ${row.overdue ? "font-medium text-red-800" : "text-stone-600"}`}
                    >
                      {row.dueText}
                    </span>
                  ) : null}
                </td>
                <td className="px-3 py-2">{row.periodEnd}</td>
                <td className="px-3 py-2">
                  {row.status === "open" ? "open" : `settled ${row.settledAt ?? ""}`}
                </td>
                <td className="px-3 py-2">
                  {row.status === "open" ? (
                    <button
                      type="button"
                      className={secondaryButton}
                      disabled={busy}
                      onClick={() => settle([row.id])}
                    >
                      {row.kind === "invoice" ? "Mark paid" : "Mark sent"}
                      <span className="sr-only"> ({row.party})</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
