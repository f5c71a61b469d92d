import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BuyerReceipt } from "@/components/orders/buyer-receipt";
import { BackLink } from "@/components/ui/back-link";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { getBuyerReceipt } from "@/lib/orders/get-buyer-receipt";

export const metadata: Metadata = { title: "Receipt" };

export default async function OrderReceiptPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await pageActor({ permission: "wallet.use", next: `/wallet/orders/${id}` });
  const order = await getBuyerReceipt(getDb(), actor, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <BackLink href="/wallet/orders">My orders</BackLink>
      <BuyerReceipt order={order} />
    </div>
  );
}
