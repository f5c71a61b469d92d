import type { Metadata } from "next";
import Link from "next/link";
import { LedgerCheckButton } from "@/components/admin/charging/ledger-check-button";
import { VolumeChart } from "@/components/admin/charging/volume-chart";
import { Money } from "@/components/coupons/money";
import { BackLink } from "@/components/ui/back-link";
import { getDb } from "@/db/client";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { formatDate } from "@/lib/dates/format-date";
import { getLedgerHealth } from "@/lib/ledger/get-ledger-health";
import { moneyOf } from "@/lib/money/money";
import { plural } from "@/lib/words/plural";

export const metadata: Metadata = { title: "Ledger health" };

export default async function HealthPage() {
  const { actor } = await pageActor({
    permission: "admin.read",
    next: "/admin/health",
    denied: backOfficeNotAllowed,
  });
  const health = await getLedgerHealth(getDb(), { actor });
  const currencies = [...new Set(health.volume.map((point) => point.currency))];
  return (
    <div className="space-y-8">
      <BackLink href="/admin">Back office</BackLink>
      <h1 className="text-3xl font-semibold tracking-tight">Ledger health</h1>
      <section aria-labelledby="check" className="space-y-3">
        <h2 id="check" className="text-xl font-semibold">
          Invariants
        </h2>
        <p className="text-stone-700">Checks all six ledger invariants against the whole database.</p>
        <LedgerCheckButton />
      </section>
      <section aria-labelledby="money" className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-2 rounded-xl border border-stone-200 bg-white p-4">
          <h2 id="money" className="text-xl font-semibold">
            Outstanding value
          </h2>
          {health.outstanding.length === 0 ? (
            <p className="text-stone-700">None.</p>
          ) : (
            <dl className="space-y-1">
              {health.outstanding.map((line) => (
                <div key={line.currency} className="flex justify-between gap-4">
                  <dt>{line.currency}</dt>
                  <dd>
                    <Money value={line} />
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </div>
        <div className="space-y-2 rounded-xl border border-stone-200 bg-white p-4">
          <h2 className="text-xl font-semibold">Unbilled postings</h2>
          {health.unbilled.length === 0 ? (
            <p className="text-stone-700">Every posting is in a run.</p>
          ) : (
            <dl className="space-y-1">
              {health.unbilled.map((line) => (
                <div key={line.currency} className="flex justify-between gap-4">
                  <dt>
                    {line.currency}: {plural(line.count, "posting")}
                  </dt>
                  <dd>
                    net <Money value={moneyOf(line.netMinor, line.currency)} />
                  </dd>
                </div>
              ))}
            </dl>
          )}
          <a href="/api/admin/postings" className="text-sm text-brand-700 underline" download>
            Download unbilled postings (CSV)
          </a>
        </div>
      </section>
      <section aria-labelledby="last-runs" className="space-y-2">
        <h2 id="last-runs" className="text-xl font-semibold">
          Last runs
        </h2>
        {health.lastRuns.length === 0 ? (
          <p className="text-stone-700">No charging run yet.</p>
        ) : (
          <ul className="space-y-1">
            {health.lastRuns.map((run) => (
              <li key={run.id}>
                <Link
                  href={`/admin/statements?runId=${encodeURIComponent(run.id)}`}
                  className="text-brand-700 underline"
                >
                  {formatDate(run.periodEnd)}
                </Link>{" "}
                <span className="text-sm text-stone-600">
                  ({run.trigger}, {run.totals.reduce((n, t) => n + t.invoiceCount + t.payoutCount, 0)}{" "}
                  statements)
                </span>
              </li>
            ))}
          </ul>
        )}
        <Link href="/admin/charging" className="text-sm text-brand-700 underline">
          All runs
        </Link>
      </section>
      <section aria-labelledby="volume" className="space-y-4">
        <h2 id="volume" className="text-xl font-semibold">
          Daily volume (issued, transferred, converted)
        </h2>
        {currencies.length === 0 ? (
          <p className="text-stone-700">No activity in the last 30 days.</p>
        ) : (
          currencies.map((currency) => (
            <VolumeChart
              key={currency}
              currency={currency}
              points={health.volume.filter((point) => point.currency === currency)}
            />
          ))
        )}
      </section>
    </div>
  );
}
