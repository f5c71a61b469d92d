import Link from "next/link";
import { When } from "@/components/ui/when";
import type { PurchaseLink as Purchase } from "@/lib/orders/purchase-link";

/** How a coupon relates to a purchase of the person's: it paid it, is its change, or is a refund of it. */
export type PurchaseRole = "paid" | "change" | "refund";

/** A link to the person's receipt of a purchase, named by the shop and the day, in the coupon's words. */
export function PurchaseLink({ purchase, relation }: { purchase: Purchase; relation: PurchaseRole }) {
  const day = <When date={purchase.paidAt} withTime={false} />;
  return (
    <Link href={`/wallet/orders/${purchase.orderId}`} className="break-words underline">
      {relation === "change" ? (
        <>
          Change from your purchase at {purchase.shopName} on {day}
        </>
      ) : relation === "refund" ? (
        <>
          Refund from {purchase.shopName} for your purchase on {day}
        </>
      ) : (
        <>
          Paid for your purchase at {purchase.shopName} on {day}
        </>
      )}
    </Link>
  );
}
