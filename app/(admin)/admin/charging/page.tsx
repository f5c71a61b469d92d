import type { Metadata } from "next";
import Link from "next/link";
import { RunChargingForm } from "@/components/admin/charging/run-charging-form";
import { Money } from "@/components/coupons/money";
import { BackLink } from "@/components/ui/back-link";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { getDb } from "@/db/client";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { listChargingRuns } from "@/lib/charging/list-charging-runs";
import { periodBoundWords } from "@/lib/charging/statement-words";
import { moneyOf } from "@/lib/money/money";

export const metadata: Metadata = { title: "Charging runs" };

const dateOnly = (at: Date) => at.toISOString().slice(0, 10);
const dayMs = 86_400_000;

export default async function ChargingPage() {
  const { actor } = await pageActor({
    permission: "admin.read",
    next: "/admin/charging",
    denied: backOfficeNotAllowed,
  });
  const runs = await listChargingRuns(getDb(), { actor });
  const now = Date.now();
  const tomorrow = new Date(Math.floor(now / dayMs) * dayMs + dayMs);
  // Runs come newest period first: the next run starts where the latest ended; if that end is still ahead (an admin
  // closed at the coming midnight), the period cannot be closed now.
  const latestEnd = runs[0]?.periodEnd;
  return (
    <div className="space-y-6">
      <BackLink href="/admin">Back office</BackLink>
      <h1 className="text-3xl font-semibold tracking-tight">Charging runs</h1>
      <p className="text-stone-700">
        A run totals every unbilled posting per party and currency into invoices (the party owes) and payouts
        (the party is owed). Runs also start on their schedule, ending at its midnights; each period is
        charged once, and the next run starts where the last one ended.
      </p>
      <RunChargingForm
        defaultDate={dateOnly(tomorrow)}
        maxDate={dateOnly(tomorrow)}
        periodStartText={latestEnd ? periodBoundWords(latestEnd) : null}
        nowBlockedBy={latestEnd && latestEnd.getTime() > now ? periodBoundWords(latestEnd) : null}
      />
      <section aria-labelledby="runs" className="space-y-3">
        <h2 id="runs" className="text-xl font-semibold">
          Runs
        </h2>
        {runs.length === 0 ? (
          <p className="text-stone-700">No charging run yet.</p>
        ) : (
          <ul className="space-y-3">
            {runs.map((run) => (
              <li
                key={run.id}
                className="space-y-2 rounded-xl border border-stone-200 bg-white p-4"
                data-run-id={run.id}
              >
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="font-semibold">
                    {periodBoundWords(run.periodStart)} → {periodBoundWords(run.periodEnd)}
                  </h3>
                  <span className="text-sm text-stone-600">
                    {run.trigger}
                    {run.startedByHandle ? ` by @${run.startedByHandle}` : ""} · <code>{run.id}</code>
                  </span>
                </div>
                {run.totals.length === 0 ? (
                  <p className="text-sm text-stone-600">Nothing to invoice or pay out.</p>
                ) : (
                  <CardTable
                    caption={`Totals of run ${run.id}`}
                    variant="plain"
                    columns={[
                      { label: "Currency" },
                      { label: "Invoices", align: "right" },
                      { label: "Payouts", align: "right" },
                      { label: "Open", align: "right" },
                    ]}
                  >
                    {run.totals.map((total) => (
                      <CardRow key={total.currency}>
                        <CardCell rowHeader label="Currency">
                          {total.currency}
                        </CardCell>
                        <CardCell label="Invoices" align="right">
                          {total.invoiceCount} ·{" "}
                          <Money value={moneyOf(total.invoiceTotalMinor, total.currency)} />
                        </CardCell>
                        <CardCell label="Payouts" align="right">
                          {total.payoutCount} ·{" "}
                          <Money value={moneyOf(total.payoutTotalMinor, total.currency)} />
                        </CardCell>
                        <CardCell label="Open" align="right">
                          {total.openCount}
                        </CardCell>
                      </CardRow>
                    ))}
                  </CardTable>
                )}
                <p className="flex flex-wrap gap-4 text-sm">
                  <Link
                    href={`/admin/statements?runId=${encodeURIComponent(run.id)}`}
                    className="text-brand-700 underline"
                  >
                    Statements
                  </Link>
                  <a
                    href={`/api/admin/statements?runId=${encodeURIComponent(run.id)}`}
                    className="text-brand-700 underline"
                    download
                  >
                    Statements CSV
                  </a>
                  <a
                    href={`/api/admin/postings?runId=${encodeURIComponent(run.id)}`}
                    className="text-brand-700 underline"
                    download
                  >
                    Postings CSV
                  </a>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
