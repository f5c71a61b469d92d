import type { Metadata } from "next";
import Link from "next/link";
import { BackLink } from "@/components/ui/back-link";
import { RequestCouponForm } from "@/components/wallet/request-coupon-form";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { overdueNoticeFor } from "@/lib/parties/overdue";
import { getCreditLeft } from "@/lib/wallet/get-credit-left";

export const metadata: Metadata = { title: "Request a coupon" };

export default async function RequestCouponPage() {
  const { actor } = await pageActor({ permission: "coupons.issue", next: "/wallet/request" });
  const overdue = await overdueNoticeFor(getDb(), actor);
  const credit = overdue ? [] : await getCreditLeft(getDb(), actor);
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <BackLink href="/wallet">Wallet</BackLink>
      <h1 className="text-3xl font-semibold tracking-tight">Request a coupon</h1>
      {overdue ? (
        <div className="space-y-2 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950">
          <p data-testid="overdue-block">{overdue}</p>
          <p>
            <Link href="/wallet/statements" className="font-medium underline">
              See your statements
            </Link>
          </p>
        </div>
      ) : (
        <RequestCouponForm
          defaultCurrency="EUR"
          credit={credit.map((row) => ({
            currency: row.currency,
            leftText: formatMoney(moneyOf(row.leftMinor, row.currency)),
            maximumText: formatMoney(moneyOf(row.couponMaximumMinor, row.currency)),
            approvalText: formatMoney(moneyOf(row.approvalThresholdMinor, row.currency)),
          }))}
        />
      )}
    </div>
  );
}
