import type { Metadata } from "next";
import { BackLink } from "@/components/ui/back-link";
import { RequestCouponForm } from "@/components/wallet/request-coupon-form";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { getCreditLeft } from "@/lib/wallet/get-credit-left";

export const metadata: Metadata = { title: "Request a coupon" };

export default async function RequestCouponPage() {
  const { actor } = await pageActor({ permission: "coupons.issue", next: "/wallet/request" });
  const credit = await getCreditLeft(getDb(), actor);
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <BackLink href="/wallet">Wallet</BackLink>
      <h1 className="text-3xl font-semibold tracking-tight">Request a coupon</h1>
      <RequestCouponForm
        defaultCurrency="EUR"
        credit={credit.map((row) => ({
          currency: row.currency,
          leftText: formatMoney(moneyOf(row.leftMinor, row.currency)),
          maximumText: formatMoney(moneyOf(row.couponMaximumMinor, row.currency)),
          approvalText: formatMoney(moneyOf(row.approvalThresholdMinor, row.currency)),
        }))}
      />
    </div>
  );
}
