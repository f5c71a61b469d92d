import type { Metadata } from "next";
import Link from "next/link";
import { Money } from "@/components/coupons/money";
import { StatementList } from "@/components/ledger/statement-list";
import { BackLink } from "@/components/ui/back-link";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { When } from "@/components/ui/when";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { moneyOf } from "@/lib/money/money";
import { withPayoutOutcomes } from "@/lib/payouts/with-payout-outcomes";
import { getStatementsPage } from "@/lib/wallet/get-statements-page";

export const metadata: Metadata = { title: "Statements" };

const postingPurpose: Record<string, string> = {
  funding: "Paid for a coupon you requested (it left your wallet)",
  conversion: "Coupon converted to money for you",
  invoice_settled: "Invoice settled",
  payout_sent: "Payout sent",
  payout_returned: "Payout returned by the bank (owed to you again)",
};

export default async function StatementsPage() {
  const { actor } = await pageActor({ permission: "wallet.use", next: "/wallet/statements" });
  const page = await getStatementsPage(getDb(), actor);
  const statements = await withPayoutOutcomes(getDb(), page.statements);
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <BackLink href="/wallet">Wallet</BackLink>
      <h1 className="text-3xl font-semibold tracking-tight">Statements</h1>

      <section aria-labelledby="preview" className="space-y-3">
        <h2 id="preview" className="text-xl font-semibold">
          Next charging run
        </h2>
        {page.preview.length === 0 ? (
          <p className="text-stone-700">Nothing to bill or pay out yet.</p>
        ) : (
          <ul className="space-y-2">
            {page.preview.map((line) => (
              <li
                key={line.currency}
                className="rounded-xl border border-stone-200 bg-white p-4"
                data-testid={`preview-${line.currency}`}
              >
                {line.netMinor < 0n
                  ? "Scrip will pay you "
                  : line.netMinor > 0n
                    ? "You will owe Scrip "
                    : "Nothing to pay: "}
                <Money
                  className="font-semibold"
                  value={moneyOf(line.netMinor < 0n ? -line.netMinor : line.netMinor, line.currency)}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="runs" className="space-y-3">
        <h2 id="runs" className="text-xl font-semibold">
          Invoices and payouts
        </h2>
        <StatementList statements={statements} empty="No charging run has included you yet." />
      </section>

      <section aria-labelledby="postings" className="space-y-3">
        <h2 id="postings" className="text-xl font-semibold">
          Postings
        </h2>
        {page.postings.length === 0 ? (
          <p className="text-stone-700">
            No postings yet. They appear when a coupon you requested is paid for or you convert one.
          </p>
        ) : (
          <CardTable
            caption="Your postings, newest first"
            columns={[{ label: "When" }, { label: "What for" }, { label: "Amount", align: "right" }]}
          >
            {page.postings.map((posting) => (
              <CardRow key={posting.id} data-posting-kind={posting.kind}>
                <CardCell label="When">
                  <When date={posting.createdAt} />
                </CardCell>
                <CardCell label="What for">
                  {postingPurpose[posting.kind] ?? posting.kind}
                  {posting.couponId ? (
                    <>
                      {" "}
                      (
                      <Link className="text-brand-700 underline" href={`/wallet/coupons/${posting.couponId}`}>
                        coupon
                      </Link>
                      )
                    </>
                  ) : null}
                  {posting.chargingRunId || !posting.billable ? null : (
                    <span className="text-stone-600"> · not yet billed</span>
                  )}
                </CardCell>
                <CardCell label="Amount" align="right">
                  {posting.amountMinor > 0n ? "You owe " : "Owed to you "}
                  <Money
                    value={moneyOf(
                      posting.amountMinor < 0n ? -posting.amountMinor : posting.amountMinor,
                      posting.currency,
                    )}
                  />
                </CardCell>
              </CardRow>
            ))}
          </CardTable>
        )}
      </section>
    </div>
  );
}
