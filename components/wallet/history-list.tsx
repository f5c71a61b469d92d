import Link from "next/link";
import { Money } from "@/components/coupons/money";
import { Badge, type BadgeTone } from "@/components/coupons/status-badge";
import { PurchaseLink } from "@/components/orders/purchase-link";
import { When } from "@/components/ui/when";
import { formatMoney, moneyOf } from "@/lib/money/money";
import type { HistoryCoupon, HistoryFilter, HistoryStatus } from "@/lib/wallet/list-coupon-history";

/** How a coupon stands for the person, in their words. */
export const historyStatusLabels: Record<HistoryStatus, { label: string; tone: BadgeTone }> = {
  ready: { label: "Ready to use", tone: "green" },
  offered: { label: "Offered", tone: "amber" },
  given_away: { label: "Given away", tone: "stone" },
  spent: { label: "Spent", tone: "blue" },
  converted: { label: "Converted to money", tone: "blue" },
  expired: { label: "Expired", tone: "stone" },
  revoked: { label: "Revoked", tone: "red" },
  split: { label: "Split into pieces", tone: "stone" },
  void: { label: "Voided", tone: "stone" },
};

/** The filter's choices, in the order people look for them. */
export const historyFilterLabels: Record<HistoryFilter, string> = {
  all: "All",
  ready: "Ready to use",
  given_away: "Given away",
  spent: "Spent",
  converted: "Converted",
  expired: "Expired",
  revoked: "Revoked",
};

function otherPartyText(coupon: HistoryCoupon): string | null {
  if (!coupon.otherPartyName) return null;
  if (coupon.status === "spent") return `Paid to ${coupon.otherPartyName}`;
  if (coupon.status === "given_away") return `Given to ${coupon.otherPartyName}`;
  return `From ${coupon.otherPartyName}`;
}

/** The wallet's coupon history as cards (no table, so it fits 360 px), each linking to the coupon. */
export function HistoryList({ coupons }: { coupons: HistoryCoupon[] }) {
  return (
    <ul className="space-y-3" aria-label="Coupons">
      {coupons.map((coupon) => {
        const status = historyStatusLabels[coupon.status];
        const amount = moneyOf(coupon.amountMinor, coupon.currency);
        const other = otherPartyText(coupon);
        return (
          <li
            key={coupon.id}
            data-history-status={coupon.status}
            className="rounded-xl border border-stone-200 bg-white p-4"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <Link
                href={`/wallet/coupons/${coupon.id}`}
                className="text-lg font-semibold underline-offset-2 hover:underline"
                aria-label={`Coupon ${formatMoney(amount)}, ${status.label}`}
              >
                <Money value={amount} />
              </Link>
              <Badge label={status.label} tone={status.tone} />
            </div>
            <p className="mt-1 break-words text-sm text-stone-600">
              {other ? <span>{other} · </span> : null}
              Received <When date={coupon.issuedAt} withTime={false} /> · expires{" "}
              <When date={coupon.expiresAt} withTime={false} />
            </p>
            {coupon.orderId && coupon.orderRole && coupon.orderShopName && coupon.orderPaidAt ? (
              <p className="mt-1 text-sm">
                <PurchaseLink
                  purchase={{
                    orderId: coupon.orderId,
                    shopName: coupon.orderShopName,
                    paidAt: coupon.orderPaidAt,
                  }}
                  relation={coupon.orderRole}
                />
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
