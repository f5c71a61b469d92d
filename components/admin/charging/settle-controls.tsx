"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { settleOptionsAction, settleStatementsAction } from "@/app/(admin)/admin/statements/actions";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
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
      <CardTable
        caption="Statements"
        columns={[
          { label: "Select", hidden: true },
          { label: "Party" },
          { label: "Kind" },
          { label: "Amount", align: "right" },
          { label: "Period end" },
          { label: "Status" },
          { label: "Action", hidden: true },
        ]}
      >
        {rows.map((row) => (
          <CardRow key={row.id} data-statement-id={row.id}>
            <CardCell>
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
            </CardCell>
            <CardCell label="Party">{row.party}</CardCell>
            <CardCell label="Kind">{row.kind === "invoice" ? "Invoice" : "Payout"}</CardCell>
            <CardCell label="Amount" align="right" className="tabular-nums">
              {row.amountText}
              {row.dueText ? (
                <span
                  className={`block text-xs ${row.overdue ? "font-medium text-red-800" : "text-stone-600"}`}
                >
                  {row.dueText}
                </span>
              ) : null}
            </CardCell>
            <CardCell label="Period end">{row.periodEnd}</CardCell>
            <CardCell label="Status">
              {row.status === "open" ? "open" : `settled ${row.settledAt ?? ""}`}
            </CardCell>
            <CardCell>
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
            </CardCell>
          </CardRow>
        ))}
      </CardTable>
    </div>
  );
}
