import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PayRequestForm } from "@/components/storefront/pay-request-form";
import { SignInRequired } from "@/components/ui/sign-in-required";
import { When } from "@/components/ui/when";
import { getDb } from "@/db/client";
import { getCurrentSession } from "@/lib/auth/get-current-session";
import { pageActor } from "@/lib/auth/page-actor";
import { getPaymentRequestForPayer } from "@/lib/checkout/get-payment-request-for-payer";
import { listSpendableCoupons } from "@/lib/checkout/list-spendable-coupons";
import { formatDate } from "@/lib/dates/format-date";
import { isAppError } from "@/lib/errors";
import { formatMoney, moneyOf } from "@/lib/money/money";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Pay with Scrip", referrer: "no-referrer" };

export default async function HostedPaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const request = await getPaymentRequestForPayer(getDb(), id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const amount = formatMoney(request);
  const till = request.source === "till";
  const header = (
    <header className="space-y-1 text-center">
      <p className="text-sm text-stone-600">{till ? "Payment at the till of" : "Payment to"}</p>
      <h1 className="text-2xl font-semibold wrap-anywhere">{request.shopName}</h1>
      <p className="text-4xl font-semibold tabular-nums" data-testid="pay-amount">
        {amount}
      </p>
      {till ? null : <p className="text-sm text-stone-600">Reference {request.orderReference}</p>}
      {request.items.length > 0 ? (
        <ul className="mx-auto max-w-sm space-y-1 pt-2 text-left" aria-label="What you pay for">
          {request.items.map((item) => (
            <li key={item.productId} className="flex justify-between gap-3">
              <span className="min-w-0 wrap-anywhere">
                {item.quantity} × {item.name}
              </span>
              <span className="tabular-nums">
                {formatMoney(moneyOf(item.unitPriceMinor * BigInt(item.quantity), request.currency))}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </header>
  );
  const back = till ? (
    <a href="/wallet" className="underline">
      Back to your wallet
    </a>
  ) : (
    <a href={request.returnUrl} className="underline">
      Back to {request.shopName}
    </a>
  );
  if (request.state !== "open") {
    const message =
      request.state === "paid"
        ? "This payment request has already been paid."
        : request.state === "expired"
          ? "This payment request has expired. Go back to the shop to start again."
          : "The shop cancelled this payment request.";
    return (
      <section className="mx-auto max-w-md space-y-4 rounded-xl border border-stone-200 bg-white p-6">
        {header}
        <p role="alert" className="text-center text-stone-800" data-testid="pay-state">
          {message}
        </p>
        <p className="text-center">{back}</p>
      </section>
    );
  }
  // A public page: a signed-out visitor sees what the payment is for before signing in.
  if (!(await getCurrentSession())) {
    return (
      <div className="mx-auto max-w-md space-y-4">
        {header}
        <SignInRequired
          title="Sign in to pay"
          purpose={`Pay ${amount} to ${request.shopName} with the coupons in your Scrip wallet.`}
          next={`/pay/${request.id}`}
        />
      </div>
    );
  }
  const { actor } = await pageActor({ permission: "coupons.transfer", next: `/pay/${request.id}` });
  if (request.payerPartyId !== null && (actor.kind !== "user" || actor.partyId !== request.payerPartyId)) {
    return (
      <section className="mx-auto max-w-md space-y-4 rounded-xl border border-stone-200 bg-white p-6">
        {header}
        <p role="alert" className="text-center text-stone-800" data-testid="pay-state">
          This payment is for someone else.
        </p>
        <p className="text-center">{back}</p>
      </section>
    );
  }
  const coupons = await listSpendableCoupons(getDb(), actor, request.currency);
  return (
    <section className="mx-auto max-w-md space-y-4 rounded-xl border border-stone-200 bg-white p-6">
      {header}
      <PayRequestForm
        paymentRequestId={request.id}
        amountMinor={request.amountMinor}
        currency={request.currency}
        shopName={request.shopName}
        coupons={coupons.map((coupon) => ({
          id: coupon.id,
          amountMinor: coupon.amountMinor,
          expiresText: `expires ${formatDate(coupon.expiresAt)}`,
        }))}
      />
      <p className="text-center text-xs text-stone-500">
        Expires <When date={request.expiresAt} />
      </p>
    </section>
  );
}
