import type { Metadata } from "next";
import Link from "next/link";
import { BuyerOrderList } from "@/components/orders/buyer-order-list";
import { BackLink } from "@/components/ui/back-link";
import { secondaryButton } from "@/components/ui/button-styles";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { listBuyerOrders } from "@/lib/orders/list-buyer-orders";

export const metadata: Metadata = { title: "My orders" };

export default async function MyOrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { after } = await searchParams;
  const { actor } = await pageActor({ permission: "wallet.use", next: "/wallet/orders" });
  const page = await listBuyerOrders(getDb(), actor, {
    cursor: typeof after === "string" ? after : null,
  }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "VALIDATION_FAILED") return null;
    throw error;
  });
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <BackLink href="/wallet">Wallet</BackLink>
      <h1 className="text-3xl font-semibold tracking-tight">My orders</h1>
      {page === null ? (
        <p role="alert" className="text-red-700">
          This page link is not valid.{" "}
          <Link href="/wallet/orders" className="underline">
            Start again
          </Link>
          .
        </p>
      ) : page.orders.length === 0 ? (
        <p className="text-stone-700">
          No purchases yet. What you buy in a shop with your coupons appears here.
        </p>
      ) : (
        <BuyerOrderList orders={page.orders} />
      )}
      {page?.nextCursor ? (
        <Link href={`/wallet/orders?after=${page.nextCursor}`} className={secondaryButton}>
          Older orders
        </Link>
      ) : null}
    </div>
  );
}
