import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/ui/back-link";
import { secondaryButton, textInput } from "@/components/ui/button-styles";
import { HistoryList, historyFilterLabels } from "@/components/wallet/history-list";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { type CouponHistoryPage, historyFilters, listCouponHistory } from "@/lib/wallet/list-coupon-history";

export const metadata: Metadata = { title: "Coupon history" };

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export default async function WalletCouponHistoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const status = one(params.status) ?? "all";
  const search = one(params.q) ?? "";
  const cursor = one(params.after) ?? null;
  const { actor } = await pageActor({ permission: "coupons.hold", next: "/wallet/coupons" });
  let page: CouponHistoryPage | null = null;
  let problem: string | null = null;
  try {
    page = await listCouponHistory(getDb(), actor, { status, search, cursor });
  } catch (error) {
    if (!isAppError(error) || error.code !== "VALIDATION_FAILED") throw error;
    problem = error.message;
  }
  const next = page?.nextCursor
    ? `/wallet/coupons?${new URLSearchParams({ status, q: search, after: page.nextCursor })}`
    : null;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <BackLink href="/wallet">Wallet</BackLink>
      <h1 className="text-3xl font-semibold tracking-tight">Coupon history</h1>
      <p className="text-stone-700">
        Every coupon you have held: the ones you have now, and those you gave away, spent or converted.
      </p>
      <form method="get" action="/wallet/coupons" className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <label className="block sm:w-48">
          <span className="mb-1 block text-sm font-medium">Status</span>
          <select name="status" defaultValue={status} className={textInput}>
            {historyFilters.map((filter) => (
              <option key={filter} value={filter}>
                {historyFilterLabels[filter]}
              </option>
            ))}
          </select>
        </label>
        <label className="block flex-1">
          <span className="mb-1 block text-sm font-medium">Search by amount or name</span>
          <input
            type="search"
            name="q"
            defaultValue={search}
            maxLength={60}
            placeholder="e.g. 5.00 or a name"
            className={textInput}
          />
        </label>
        <button type="submit" className={secondaryButton}>
          Show
        </button>
      </form>
      {problem ? (
        <p role="alert" className="text-red-700">
          {problem}
        </p>
      ) : page && page.coupons.length > 0 ? (
        <HistoryList coupons={page.coupons} />
      ) : page && !page.everHeld ? (
        <p className="text-stone-700">No coupons yet.</p>
      ) : (
        <p className="text-stone-700">No coupons match. Choose another status or search.</p>
      )}
      {next ? (
        <Link href={next} className={secondaryButton}>
          Older coupons
        </Link>
      ) : null}
    </div>
  );
}
