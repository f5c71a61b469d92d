import Link from "next/link";
import { Money } from "@/components/coupons/money";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { formatDate } from "@/lib/dates/format-date";
import { moneyOf } from "@/lib/money/money";
import type { OverdueInvoiceRow } from "@/lib/parties/list-overdue-invoices";
import { plural } from "@/lib/words/plural";

/**
 * Invoices open past their due date: party, amount, due date, days overdue. Their parties are issued no new
 * coupons until they pay (lib/parties/overdue.ts). `party` hides the party column (on that party's own page).
 */
export function OverdueInvoices({
  rows,
  headingId,
  heading,
  party = true,
}: {
  rows: OverdueInvoiceRow[];
  headingId: string;
  heading: string;
  party?: boolean;
}) {
  return (
    <section aria-labelledby={headingId} className="space-y-3" data-testid="overdue-invoices">
      <h2 id={headingId} className="text-xl font-semibold">
        {heading}
      </h2>
      {rows.length === 0 ? (
        <p className="text-stone-700">No invoice is overdue.</p>
      ) : (
        <>
          <p className="text-sm text-stone-700">
            {party
              ? "These parties are issued no new coupons until they pay; spending and giving the coupons they hold stays allowed."
              : "No new coupons are issued to this party until it pays; spending and giving the coupons it holds stays allowed."}
          </p>
          <CardTable
            caption={heading}
            columns={[
              ...(party ? [{ label: "Party" }] : []),
              { label: "Amount", align: "right" as const },
              { label: "Was due on" },
              { label: "Overdue for", align: "right" as const },
            ]}
          >
            {rows.map((row) => (
              <CardRow key={row.statementId}>
                {party ? (
                  <CardCell rowHeader label="Party">
                    <Link href={`/admin/parties/${row.partyId}`} className="text-brand-700 underline">
                      {row.handle ? `@${row.handle}` : row.partyName}
                    </Link>
                  </CardCell>
                ) : null}
                <CardCell label="Amount" align="right">
                  <Money value={moneyOf(row.amountMinor, row.currency)} />
                </CardCell>
                <CardCell label="Was due on">{formatDate(row.dueAt)}</CardCell>
                <CardCell label="Overdue for" align="right">
                  {row.daysOverdue === 0 ? "less than a day" : plural(row.daysOverdue, "day")}
                </CardCell>
              </CardRow>
            ))}
          </CardTable>
        </>
      )}
    </section>
  );
}
