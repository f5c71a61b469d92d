import { Badge } from "@/components/coupons/status-badge";
import { When } from "@/components/ui/when";
import {
  invoiceDueState,
  type PayoutOutcomeFacts,
  payoutOutcomeSentence,
  periodWords,
  statementSentence,
} from "@/lib/charging/statement-words";
import { formatDate } from "@/lib/dates/format-date";
import { type InvoicePayment, invoicePaymentOf } from "@/lib/reconciliation/invoice-payment";
import { InvoicePaymentDetails } from "./invoice-payment";

export interface StatementLine {
  id: string;
  kind: "invoice" | "payout";
  amountMinor: bigint;
  currency: string;
  status: "open" | "settled";
  settledAt: Date | null;
  dueAt: Date | null;
  /** An invoice's RF payment reference; null for payouts. */
  creditorReference: string | null;
  periodStart: Date;
  periodEnd: Date;
  /** What the bank did with a payout's transfer, when Scrip paid it by a batch (lib/payouts). */
  payout?: PayoutOutcomeFacts | null;
}

/** The days (and, for a period closed at the moment of its run, the time) a charging period covers, in UTC. */
function periodText(line: StatementLine): string {
  return periodWords(line.periodStart, line.periodEnd);
}

/** An open invoice's payment details, or null when there is nothing to pay or they cannot be drawn. */
function paymentOf(line: StatementLine): InvoicePayment | null {
  try {
    return invoicePaymentOf(line);
  } catch {
    return null;
  }
}

/**
 * A party's invoices and payouts in plain words, one line each: who pays whom how much ("You owe Scrip €50.00",
 * "Scrip paid you €6.40 on 3 Dec 2026"), when an open invoice is due or since when it is overdue and how to pay it
 * (Scrip's account, the RF reference, the EPC QR code), when an invoice was paid, and the period.
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
        const payment = paymentOf(line);
        const paidInvoice = line.kind === "invoice" && line.status === "settled" && line.settledAt;
        return (
          <li key={line.id} className="space-y-1 p-4" data-testid="statement">
            <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span className="font-semibold tabular-nums">
                {statementSentence(line)}
                {line.status === "settled" && line.settledAt && line.kind === "payout" ? (
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
              {paidInvoice ? <Badge label={`Paid on ${formatDate(paidInvoice)}`} tone="green" /> : null}
            </p>
            {line.payout ? (
              <p
                className={`text-sm ${line.payout.outcome === "returned" ? "font-medium text-red-800" : "text-stone-800"}`}
              >
                {payoutOutcomeSentence(line.payout)}
              </p>
            ) : null}
            {payment ? <InvoicePaymentDetails payment={payment} /> : null}
            <p className="text-sm text-stone-600">{periodText(line)}</p>
          </li>
        );
      })}
    </ul>
  );
}
