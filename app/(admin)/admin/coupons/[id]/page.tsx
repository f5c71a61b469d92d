import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LoadError } from "@/components/admin/load-error";
import { RevokeCouponForm } from "@/components/admin/revoke-coupon-form";
import { Money } from "@/components/coupons/money";
import { StatusBadge } from "@/components/coupons/status-badge";
import { BackLink } from "@/components/ui/back-link";
import { When } from "@/components/ui/when";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { eventLabels } from "@/lib/coupon-display/labels";
import { loadCouponHistory } from "../../loaders";

export const metadata: Metadata = { title: "Coupon · Back office" };

const revocable = new Set(["active", "offered", "expired"]);

export default async function AdminCouponPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await pageActor({
    permission: "admin.read",
    next: `/admin/coupons/${id}`,
    denied: backOfficeNotAllowed,
  });
  const result = await loadCouponHistory(actor, { couponId: id });
  if (!result.ok) {
    if (result.error.code === "NOT_FOUND") notFound();
    return <LoadError title="Coupon" error={result.error} />;
  }
  const { coupon, events, verified, couponProblems } = result.data;
  return (
    <div className="space-y-6">
      <BackLink href="/admin/coupons">Coupons</BackLink>
      <header className="space-y-2">
        <h1 className="text-3xl font-semibold tracking-tight">
          <Money value={coupon} />
        </h1>
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge status={coupon.status} />
          <code className="break-all text-sm text-stone-600">{coupon.couponId}</code>
        </div>
      </header>
      <dl className="grid grid-cols-1 gap-3 rounded-xl border border-stone-200 bg-white p-5 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-stone-600">Held by</dt>
          <dd className="font-medium">
            <Link href={`/admin/parties/${coupon.ownerPartyId}`} className="text-brand-700 underline">
              {coupon.ownerName}
            </Link>
          </dd>
        </div>
        <div>
          <dt className="text-stone-600">Requested by</dt>
          <dd className="font-medium">
            <Link href={`/admin/parties/${coupon.requesterPartyId}`} className="text-brand-700 underline">
              {coupon.requesterName}
            </Link>
          </dd>
        </div>
        <div>
          <dt className="text-stone-600">Version</dt>
          <dd className="font-medium">{coupon.version}</dd>
        </div>
        <div>
          <dt className="text-stone-600">Paid for</dt>
          <dd className="font-medium">{coupon.funded ? "Yes" : "Not yet"}</dd>
        </div>
        <div>
          <dt className="text-stone-600">Issued</dt>
          <dd className="font-medium">
            <When date={coupon.issuedAt} />
          </dd>
        </div>
        <div>
          <dt className="text-stone-600">Expires</dt>
          <dd className="font-medium">
            <When date={coupon.expiresAt} />
          </dd>
        </div>
        <div className="sm:col-span-3">
          <dt className="text-stone-600">Value signed by key</dt>
          <dd className="break-all font-mono text-xs">{coupon.valueKid}</dd>
        </div>
      </dl>
      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-xl font-semibold">
          History
        </h2>
        <p
          data-testid="history-verification"
          className={`rounded-lg border px-3 py-2 text-sm ${
            verified ? "border-brand-100 bg-brand-50 text-brand-900" : "border-red-200 bg-red-50 text-red-800"
          }`}
        >
          {verified
            ? "History verified: the hash chain, the value signature and every recorded signature check out."
            : "History does not verify. See the events marked “Not verified” below."}
        </p>
        {couponProblems.length > 0 ? (
          <ul className="list-disc space-y-1 pl-5 text-sm text-red-800">
            {couponProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        ) : null}
        <ol aria-label="Events" className="space-y-2">
          {events.map((event) => (
            <li
              key={event.seq}
              data-event-kind={event.kind}
              className="rounded-xl border border-stone-200 bg-white p-4 text-sm"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium">
                  {event.seq}. {eventLabels[event.kind] ?? event.kind}
                </p>
                <span
                  className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
                    event.verified
                      ? "bg-emerald-50 text-emerald-800 ring-emerald-600/30"
                      : "bg-red-50 text-red-800 ring-red-600/30"
                  }`}
                >
                  {event.verified ? "Verified" : "Not verified"}
                </span>
              </div>
              <p className="text-stone-600">
                <When date={event.at} />
                {event.actorName ? ` · by ${event.actorName}` : " · by Scrip"}
                {event.fromName ? ` · from ${event.fromName}` : ""}
                {event.toName ? ` · to ${event.toName}` : ""} · version {event.version}
              </p>
              {event.reason ? <p>Reason: {event.reason}</p> : null}
              {event.problems.length > 0 ? (
                <ul className="list-disc pl-5 text-red-800">
                  {event.problems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <RevokeCouponForm
        couponId={coupon.couponId}
        funded={coupon.funded}
        revocable={revocable.has(coupon.status)}
      />
    </div>
  );
}
