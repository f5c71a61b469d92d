import type { Metadata } from "next";
import Link from "next/link";
import { BankAnswerUpload } from "@/components/admin/payouts/bank-answer-upload";
import { MakeBatchButton } from "@/components/admin/payouts/make-batch-button";
import { BackLink } from "@/components/ui/back-link";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { When } from "@/components/ui/when";
import { getDb } from "@/db/client";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { formatMoney } from "@/lib/money/money";
import { listOpenPayouts } from "@/lib/payouts/list-open-payouts";
import { listPayoutBatches } from "@/lib/payouts/list-payout-batches";
import { plural } from "@/lib/words/plural";
import { batchStatusWords } from "./batch-words";

export const metadata: Metadata = { title: "Payouts · Back office" };

export default async function PayoutsPage() {
  const { actor } = await pageActor({
    permission: "admin.read",
    next: "/admin/payouts",
    denied: backOfficeNotAllowed,
  });
  const [open, batches] = await Promise.all([
    listOpenPayouts(getDb(), actor),
    listPayoutBatches(getDb(), actor),
  ]);
  return (
    <div className="space-y-6">
      <BackLink href="/admin">Back office</BackLink>
      <header className="space-y-1">
        <h1 className="text-3xl font-semibold tracking-tight">Payouts</h1>
        <p className="text-stone-700">
          What Scrip owes people and shops after charging, paid by bank transfer: make a batch, take its bank
          file, mark it sent, then upload the bank's answer.
        </p>
      </header>
      <section aria-labelledby="open-payouts" className="space-y-3">
        <h2 id="open-payouts" className="text-xl font-semibold">
          Owed and not in a batch
        </h2>
        {open.length === 0 ? (
          <p className="rounded-xl border border-stone-200 bg-white p-5 text-stone-700">
            Nothing is waiting to be paid out.
          </p>
        ) : (
          <ul className="space-y-3">
            {open.map((entry) => (
              <li key={entry.currency} className="space-y-2 rounded-xl border border-stone-200 bg-white p-5">
                <p>
                  {plural(entry.count, "payout")}, {formatMoney(entry.total)} in all
                </p>
                <MakeBatchButton
                  currency={entry.currency}
                  label={`Make a payout batch (${entry.currency})`}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="batches" className="space-y-3">
        <h2 id="batches" className="text-xl font-semibold">
          Batches
        </h2>
        {batches.length === 0 ? (
          <p className="rounded-xl border border-stone-200 bg-white p-5 text-stone-700">No batches yet.</p>
        ) : (
          <CardTable
            caption="Payout batches"
            columns={[
              { label: "Made" },
              { label: "Payouts" },
              { label: "Total", align: "right" },
              { label: "Status" },
            ]}
          >
            {batches.map((batch) => (
              <CardRow key={batch.batchId}>
                <CardCell label="Made">
                  <Link
                    className="font-medium text-brand-700 underline"
                    href={`/admin/payouts/${batch.batchId}`}
                  >
                    <When date={batch.createdAt} />
                  </Link>
                </CardCell>
                <CardCell label="Payouts">
                  {plural(batch.included, "payout")} in the file
                  {batch.blocked ? `, ${batch.blocked} left out` : ""}
                  {batch.returned ? `, ${batch.returned} returned` : ""}
                </CardCell>
                <CardCell label="Total" align="right" className="tabular-nums">
                  {formatMoney(batch.total)}
                </CardCell>
                <CardCell label="Status">{batchStatusWords[batch.status]}</CardCell>
              </CardRow>
            ))}
          </CardTable>
        )}
      </section>
      <BankAnswerUpload />
    </div>
  );
}
