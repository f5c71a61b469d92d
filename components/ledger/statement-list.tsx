import { Money } from "@/components/coupons/money";
import { formatDate } from "@/lib/dates/format-date";

export interface StatementLine {
  id: string;
  kind: "invoice" | "payout";
  amountMinor: bigint;
  currency: string;
  status: "open" | "settled";
  periodStart: Date;
  periodEnd: Date;
}

/** A party's invoices and payouts, one line each: kind, period, amount and whether it is settled. */
export function StatementList({ statements, empty }: { statements: StatementLine[]; empty: string }) {
  if (statements.length === 0) return <p className="text-stone-700">{empty}</p>;
  return (
    <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
      {statements.map((line) => (
        <li key={line.id} className="flex flex-wrap justify-between gap-2 p-4">
          <span>
            {line.kind === "invoice" ? "Invoice" : "Payout"} · {formatDate(line.periodStart)} –{" "}
            {formatDate(line.periodEnd)}
          </span>
          <span>
            <Money value={line} /> · {line.status === "settled" ? "settled" : "open"}
          </span>
        </li>
      ))}
    </ul>
  );
}
