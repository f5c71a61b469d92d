import type { Metadata } from "next";
import Link from "next/link";
import { ApprovalDecision } from "@/components/admin/approval-decision";
import { LoadError } from "@/components/admin/load-error";
import { When } from "@/components/ui/when";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { formatMoney } from "@/lib/money/money";
import { plural } from "@/lib/words/plural";
import { loadApprovals } from "../loaders";

export const metadata: Metadata = { title: "Approvals · Back office" };

type Props = { searchParams: Promise<{ cursor?: string }> };

const totals = (list: { currency: string; amountMinor: bigint }[]) =>
  list.length ? list.map((entry) => formatMoney(entry)).join(", ") : "none";

export default async function ApprovalsPage({ searchParams }: Props) {
  const { cursor } = await searchParams;
  const { actor } = await pageActor({
    permission: "issuance.approve",
    next: "/admin/approvals",
    denied: backOfficeNotAllowed,
  });
  const result = await loadApprovals(actor, { cursor: typeof cursor === "string" ? cursor : undefined });
  if (!result.ok) return <LoadError title="Issuance approvals" error={result.error} />;
  const { items, nextCursor } = result.data;
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-3xl font-semibold tracking-tight">Issuance approvals</h1>
        <p className="text-stone-700">
          Requests above the approval threshold, oldest first. Approving issues the coupon to the requester
          and needs your passkey; rejecting needs a reason.
        </p>
      </header>
      {items.length === 0 ? (
        <p className="rounded-xl border border-stone-200 bg-white p-5 text-stone-700">
          Nothing is waiting for approval.
        </p>
      ) : (
        <ol aria-label="Requests awaiting approval" className="space-y-4">
          {items.map((item) => {
            const amount = formatMoney(item);
            const who = item.requester.handle ? `@${item.requester.handle}` : item.requester.displayName;
            return (
              <li
                key={item.requestId}
                aria-label={`${amount} for ${who}`}
                className="space-y-3 rounded-xl border border-stone-200 bg-white p-5"
              >
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <p className="text-2xl font-semibold tabular-nums">{amount}</p>
                  <p className="text-sm text-stone-600">
                    Requested <When date={item.createdAt} />, valid {plural(item.expiresInDays, "day")}
                  </p>
                </div>
                <p>
                  For{" "}
                  <Link
                    href={`/admin/parties/${item.requester.partyId}`}
                    className="text-brand-700 underline"
                  >
                    {item.requester.displayName} ({who})
                  </Link>
                  {item.requester.status === "suspended" ? (
                    <span className="ml-2 rounded bg-red-50 px-2 py-0.5 text-sm text-red-800">suspended</span>
                  ) : null}
                </p>
                <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
                  <div>
                    <dt className="text-stone-600">Requests</dt>
                    <dd className="font-medium tabular-nums">
                      {item.history.requested} ({item.history.issued} issued, {item.history.rejected}{" "}
                      rejected)
                    </dd>
                  </div>
                  <div>
                    <dt className="text-stone-600">Awaiting</dt>
                    <dd className="font-medium tabular-nums">{item.history.awaiting}</dd>
                  </div>
                  <div>
                    <dt className="text-stone-600">Unfunded now</dt>
                    <dd className="font-medium">{totals(item.history.unfunded)}</dd>
                  </div>
                  <div>
                    <dt className="text-stone-600">Charged so far</dt>
                    <dd className="font-medium">{totals(item.history.funded)}</dd>
                  </div>
                </dl>
                {item.history.recent.length > 0 ? (
                  <details className="text-sm">
                    <summary className="cursor-pointer">Latest decisions</summary>
                    <ul className="mt-2 space-y-1">
                      {item.history.recent.map((decision) => (
                        <li key={decision.requestId}>
                          {formatMoney(decision)}: {decision.status}, <When date={decision.at} />
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
                {item.requester.partyId === actor.partyId ? (
                  <p className="text-sm text-stone-700">
                    This is your own request: another administrator must decide it.
                  </p>
                ) : (
                  <ApprovalDecision requestId={item.requestId} summary={`${amount} (${who})`} />
                )}
              </li>
            );
          })}
        </ol>
      )}
      {nextCursor ? (
        <Link href={`/admin/approvals?cursor=${nextCursor}`} className="text-brand-700 underline">
          Next page
        </Link>
      ) : null}
    </div>
  );
}
