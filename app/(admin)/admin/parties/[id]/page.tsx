import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LoadError } from "@/components/admin/load-error";
import { OverdueInvoices } from "@/components/admin/overdue-invoices";
import { CreditLimitForm, PartyStatusForm } from "@/components/admin/party-controls";
import { Money } from "@/components/coupons/money";
import { StatusBadge } from "@/components/coupons/status-badge";
import { StatementList } from "@/components/ledger/statement-list";
import { BackLink } from "@/components/ui/back-link";
import { When } from "@/components/ui/when";
import { getDb } from "@/db/client";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { moneyOf } from "@/lib/money/money";
import { listOverdueInvoices } from "@/lib/parties/list-overdue-invoices";
import { plural } from "@/lib/words/plural";
import { loadParty } from "../../loaders";

export const metadata: Metadata = { title: "Party · Back office" };

const postingLabels: Record<string, string> = {
  funding: "Charged for a coupon",
  conversion: "Converted a coupon",
  invoice_settled: "Invoice paid",
  payout_sent: "Payout sent",
};

export default async function PartyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await pageActor({
    permission: "admin.read",
    next: `/admin/parties/${id}`,
    denied: backOfficeNotAllowed,
  });
  const result = await loadParty(actor, { partyId: id });
  if (!result.ok) {
    if (result.error.code === "NOT_FOUND") notFound();
    return <LoadError title="Party" error={result.error} />;
  }
  const party = result.data;
  // Credit is offered only in the enabled currencies, so each of them is listed with its own limit.
  const credit = party.credit;
  const ownLimit = new Set(party.ownCreditLimits.map((limit) => limit.currency));
  const self = actor.partyId === party.partyId;
  const overdue = await listOverdueInvoices(getDb(), actor, { partyId: party.partyId });
  return (
    <div className="space-y-6">
      <BackLink href="/admin/parties">Parties</BackLink>
      <header className="space-y-2">
        <h1 className="text-3xl font-semibold tracking-tight">{party.displayName}</h1>
        <p className="flex flex-wrap items-center gap-2 text-stone-700">
          <span>
            {party.user ? `@${party.user.handle} · person${party.user.isAdmin ? ", admin" : ""}` : null}
            {party.shop
              ? `/s/${party.shop.slug} · shop (${party.shop.currency}, ${plural(party.shop.members, "member")})`
              : null}
          </span>
          <span
            data-testid="party-status"
            className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
              party.status === "active"
                ? "bg-emerald-50 text-emerald-800 ring-emerald-600/30"
                : "bg-red-50 text-red-800 ring-red-600/30"
            }`}
          >
            {party.status === "active" ? "Active" : "Suspended"}
          </span>
        </p>
        <p className="text-sm text-stone-600">
          <code className="break-all">{party.partyId}</code> · since{" "}
          <When date={party.createdAt} withTime={false} />
          {party.user ? ` · ${plural(party.user.activeSessions, "active session")}` : ""}
        </p>
        <p className="flex flex-wrap gap-3 text-sm">
          <Link href={`/admin/coupons?by=owner&q=${party.partyId}`} className="text-brand-700 underline">
            All coupons held
          </Link>
          <Link href={`/admin/coupons?by=requester&q=${party.partyId}`} className="text-brand-700 underline">
            All coupons requested
          </Link>
          <Link href={`/admin/audit?target=${party.partyId}`} className="text-brand-700 underline">
            Audit events
          </Link>
        </p>
      </header>

      <section aria-labelledby="credit-heading" className="space-y-3">
        <h2 id="credit-heading" className="text-xl font-semibold">
          Credit
        </h2>
        <p className="text-sm text-stone-700">
          What is left counts coupons not yet paid for, requests awaiting approval, charges not yet billed and
          bills not yet paid.
        </p>
        <ul className="grid gap-2 sm:grid-cols-3">
          {credit.map((row) => (
            <li key={row.currency} className="rounded-lg border border-stone-200 bg-white p-3 text-sm">
              <span className="block text-stone-600">{row.currency} left of limit</span>
              <Money value={moneyOf(row.leftMinor, row.currency)} className="font-medium" /> of{" "}
              <Money value={moneyOf(row.limitMinor, row.currency)} />
              <span className="block text-stone-600">
                {ownLimit.has(row.currency) ? "its own limit" : "the default limit"}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="holdings-heading" className="space-y-3">
        <h2 id="holdings-heading" className="text-xl font-semibold">
          Holdings
        </h2>
        {party.holdingTotals.length === 0 ? (
          <p className="text-stone-700">No live coupons.</p>
        ) : (
          <p className="text-stone-700">
            {party.holdingTotals.map((total, index) => (
              <span key={total.currency}>
                {index > 0 ? ", " : ""}
                <Money value={total} className="font-medium" /> in {plural(total.count, "coupon")}
              </span>
            ))}
          </p>
        )}
        {party.holdings.length > 0 ? (
          <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
            {party.holdings.map((coupon) => (
              <li key={coupon.couponId}>
                <Link
                  href={`/admin/coupons/${coupon.couponId}`}
                  className="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-1 p-3 hover:bg-stone-50"
                >
                  <Money value={coupon} className="font-medium" />
                  <StatusBadge status={coupon.status} />
                  <span className="text-sm text-stone-600">
                    {coupon.funded ? "paid for" : "not paid for"} · expires{" "}
                    <When date={coupon.expiresAt} withTime={false} />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="postings-heading" className="space-y-3">
        <h2 id="postings-heading" className="text-xl font-semibold">
          Postings
        </h2>
        {party.postings.length === 0 ? (
          <p className="text-stone-700">No postings yet.</p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white text-sm">
            {party.postings.map((posting) => (
              <li key={posting.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <span>
                  {postingLabels[posting.kind] ?? posting.kind} · <When date={posting.createdAt} />
                  {posting.chargingRunId ? " · billed" : " · not yet billed"}
                </span>
                <Money
                  value={posting}
                  className={posting.amountMinor > 0n ? "text-red-800" : "text-emerald-800"}
                />
              </li>
            ))}
          </ul>
        )}
        <p className="text-xs text-stone-600">
          Positive: the party owes the issuer; negative: the issuer owes it.
        </p>
      </section>

      {overdue.length > 0 ? (
        <OverdueInvoices
          rows={overdue}
          headingId="overdue-heading"
          heading="Overdue invoices"
          party={false}
        />
      ) : null}

      <section aria-labelledby="statements-heading" className="space-y-3">
        <h2 id="statements-heading" className="text-xl font-semibold">
          Statements
        </h2>
        <StatementList statements={party.statements} empty="No statements yet." />
      </section>

      {self ? (
        <p className="text-sm text-stone-600">
          This is your own account: another administrator must change its credit limit or suspend it.
        </p>
      ) : (
        <>
          <CreditLimitForm partyId={party.partyId} currencies={credit.map((row) => row.currency)} />
          <PartyStatusForm partyId={party.partyId} suspended={party.status === "suspended"} />
        </>
      )}
    </div>
  );
}
