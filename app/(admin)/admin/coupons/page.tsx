import type { Metadata } from "next";
import Link from "next/link";
import { CouponSearchForm } from "@/components/admin/coupon-search-form";
import { Money } from "@/components/coupons/money";
import { StatusBadge } from "@/components/coupons/status-badge";
import { StatusMessage } from "@/components/ui/status-message";
import { When } from "@/components/ui/when";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { loadCoupons } from "../loaders";

export const metadata: Metadata = { title: "Coupons · Back office" };

type Props = { searchParams: Promise<{ by?: string; q?: string; cursor?: string }> };
const byValues = ["id", "token", "owner", "requester"] as const;
type By = (typeof byValues)[number];

const tokenMessages: Record<string, string> = {
  valid: "The token's signatures verify.",
  expired: "The token's signatures verify, but its term of validity has passed.",
  bad_signature: "The token's signature does not verify: it was altered or forged.",
  unknown_key: "The token names a key this issuer never published.",
  malformed: "This is not a well-formed coupon token.",
};

export default async function CouponsPage({ searchParams }: Props) {
  const { actor } = await pageActor({
    permission: "admin.read",
    next: "/admin/coupons",
    denied: backOfficeNotAllowed,
  });
  const params = await searchParams;
  const by: By = byValues.find((value) => value === params.by) ?? "id";
  const query = typeof params.q === "string" ? params.q : "";
  const result = query
    ? await loadCoupons(actor, {
        by,
        query,
        cursor: typeof params.cursor === "string" ? params.cursor : undefined,
      })
    : null;
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-3xl font-semibold tracking-tight">Coupons</h1>
        <p className="text-stone-700">
          Find a coupon by id, by its token, or by who holds or requested it; open it to see its verified
          history and to revoke it.
        </p>
      </header>
      <CouponSearchForm by={by} query={query} />
      {result && !result.ok ? <StatusMessage status={{ kind: "error", text: result.error.message }} /> : null}
      {result?.ok ? (
        <section aria-label="Search results" className="space-y-3">
          {result.data.tokenStatus ? (
            <StatusMessage
              status={{
                kind: result.data.tokenStatus === "valid" ? "success" : "error",
                text: tokenMessages[result.data.tokenStatus] ?? result.data.tokenStatus,
              }}
            />
          ) : null}
          {result.data.party ? (
            <p className="text-stone-700">
              Coupons {by === "owner" ? "held" : "requested"} by{" "}
              <Link href={`/admin/parties/${result.data.party.partyId}`} className="text-brand-700 underline">
                {result.data.party.displayName}
              </Link>
            </p>
          ) : null}
          {result.data.items.length === 0 ? (
            <p className="text-stone-700">No coupon matches.</p>
          ) : (
            <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
              {result.data.items.map((coupon) => (
                <li key={coupon.couponId}>
                  <Link
                    href={`/admin/coupons/${coupon.couponId}`}
                    className="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-1 p-4 hover:bg-stone-50"
                  >
                    <Money value={coupon} className="font-semibold" />
                    <StatusBadge status={coupon.status} />
                    <span className="text-sm text-stone-700">
                      held by {coupon.ownerName}, requested by {coupon.requesterName}
                    </span>
                    <span className="text-sm text-stone-600">
                      issued <When date={coupon.issuedAt} withTime={false} />
                    </span>
                    <code className="break-all text-xs text-stone-500">{coupon.couponId}</code>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {result.data.nextCursor ? (
            <Link
              href={`/admin/coupons?by=${by}&q=${encodeURIComponent(query)}&cursor=${result.data.nextCursor}`}
              className="text-brand-700 underline"
            >
              Next page
            </Link>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
