import type { Metadata } from "next";
import { ReviewCredit, type ReviewCreditRow } from "@/components/admin/bank/review-credit";
import { UploadStatementForm } from "@/components/admin/bank/upload-statement-form";
import { BackLink } from "@/components/ui/back-link";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { When } from "@/components/ui/when";
import { getDb } from "@/db/client";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { formatCreditorReference, isCreditorReference } from "@/lib/banking/creditor-reference";
import { formatDate } from "@/lib/dates/format-date";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { listBankReview } from "@/lib/reconciliation/list-bank-review";

export const metadata: Metadata = { title: "Bank statements" };

const printed = (reference: string | null) =>
  reference && isCreditorReference(reference) ? formatCreditorReference(reference) : null;

export default async function AdminBankPage() {
  const { actor } = await pageActor({
    permission: "admin.read",
    next: "/admin/bank",
    denied: backOfficeNotAllowed,
  });
  const { review, imports } = await listBankReview(getDb(), actor);
  const rows: ReviewCreditRow[] = review.map((credit) => {
    const amount = formatMoney(moneyOf(credit.amountMinor, credit.currency));
    const booked = credit.bookingDate ? ` on ${formatDate(new Date(`${credit.bookingDate}T12:00:00Z`))}` : "";
    const invoice =
      credit.invoiceAmountMinor !== null
        ? ` (invoice: ${formatMoney(moneyOf(credit.invoiceAmountMinor, credit.currency))})`
        : "";
    return {
      id: credit.id,
      heading: `${amount}${booked}${credit.debtorName ? ` from ${credit.debtorName}` : ""}`,
      reason: `${(credit.note ?? "Waiting for review.").replace(/\.$/, "")}${invoice}.`,
      paidReference: printed(credit.reference),
      suggestedReference: credit.invoiceReference ?? credit.reference ?? "",
    };
  });
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <BackLink href="/admin">Back office</BackLink>
      <h1 className="text-3xl font-semibold tracking-tight">Bank statements</h1>

      <section aria-labelledby="upload" className="space-y-3 rounded-xl border border-stone-200 bg-white p-5">
        <h2 id="upload" className="text-xl font-semibold">
          Import a statement
        </h2>
        <p className="text-sm text-stone-700">
          Upload the day's statement of Scrip's account from the bank (camt.053). Each payment whose reference
          and amount are exactly an open invoice's settles it; anything else waits below. Importing the same
          file again changes nothing.
        </p>
        <UploadStatementForm />
      </section>

      <section aria-labelledby="review" className="space-y-3">
        <h2 id="review" className="text-xl font-semibold">
          Payments to review
        </h2>
        {rows.length === 0 ? (
          <p className="text-stone-700">No payment waits for review.</p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
            {rows.map((row) => (
              <ReviewCredit key={row.id} credit={row} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="imports" className="space-y-3">
        <h2 id="imports" className="text-xl font-semibold">
          Latest imports
        </h2>
        {imports.length === 0 ? (
          <p className="text-stone-700">No statement imported yet.</p>
        ) : (
          <CardTable
            caption="Latest imported bank statements"
            columns={[
              { label: "Imported" },
              { label: "Payments", align: "right" },
              { label: "Settled", align: "right" },
              { label: "For review", align: "right" },
            ]}
          >
            {imports.map((item) => (
              <CardRow key={item.id}>
                <CardCell label="Imported">
                  <When date={item.importedAt} />
                </CardCell>
                <CardCell label="Payments" align="right">
                  {item.credits}
                </CardCell>
                <CardCell label="Settled" align="right">
                  {item.matched}
                </CardCell>
                <CardCell label="For review" align="right">
                  {item.review}
                </CardCell>
              </CardRow>
            ))}
          </CardTable>
        )}
      </section>
    </div>
  );
}
