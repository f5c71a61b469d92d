import { Badge } from "@/components/coupons/status-badge";
import { When } from "@/components/ui/when";
import {
  invoiceDueState,
  type PayoutOutcomeFacts,
  payoutOutcomeSentence,
  periodWords,
  statementSentence,
} from "@/lib/charging/statement-words";

export interface StatementLine {
  id: string;
  kind: "invoice" | "payout";
  amountMinor: bigint;
  currency: string;
  status: "open" | "settled";
  settledAt: Date | null;
  dueAt: Date | null;
  periodStart: Date;
  periodEnd: Date;
  /** What the bank did with a payout's transfer, when Scrip paid it by a batch (lib/payouts). */
  payout?: PayoutOutcomeFacts | null;
}

/** The days (and, for a period closed at the moment of its run, the time) a charging period covers, in UTC. */
function periodText(line: StatementLine): string {
  return periodWords(line.periodStart, line.periodEnd);
}

/**
 * A party's invoices and payouts in plain words, one line each: who pays whom how much ("You owe Scrip €50.00",
 * "Scrip paid you €6.40 on 3 Dec 2026"), when an open invoice is due or since when it is overdue, and the period.
 */
export function StatementList({
  statements,
  empty,
  now = new Date(),
}: {
  statements: StatementLine[];
  empty: string;
  now?: Date;
}) {
  if (statements.length === 0) return <p className="text-stone-700">{empty}</p>;
  return (
    <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
      {statements.map((line) => {
        const due = invoiceDueState(line, now);
        return (
          <li key={line.id} className="space-y-1 p-4" data-testid="statement">
            <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span className="font-semibold tabular-nums">
                {statementSentence(line)}
                {line.status === "settled" && line.settledAt ? (
                  <>
                    {" on "}
                    <When date={line.settledAt} withTime={false} />
                  </>
                ) : null}
                {due ? (
                  <>
                    {due.state === "overdue" ? ", overdue since " : ", due by "}
                    <When date={due.at} withTime={false} />
                  </>
                ) : null}
              </span>
              {due?.state === "overdue" ? <Badge label="Overdue" tone="red" /> : null}
            </p>
            {line.payout ? (
              <p
                className={`text-sm ${line.payout.outcome === "returned" ? "font-medium text-red-800" : "text-stone-800"}`}
              >
                {payoutOutcomeSentence(line.payout)}
              </p>
            ) : null}
            <p className="text-sm text-stone-600">{periodText(line)}</p>
          </li>
        );
      })}
    </ul>
  );
}
