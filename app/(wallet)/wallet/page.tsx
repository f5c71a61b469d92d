import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Money } from "@/components/coupons/money";
import { StatusBadge } from "@/components/coupons/status-badge";
import { TerminalStatus } from "@/components/terminal/terminal-status";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { When } from "@/components/ui/when";
import { IncomingOfferCard } from "@/components/wallet/incoming-offer-card";
import { LockedContent } from "@/components/wallet/locked-content";
import { PaymentRequestsCard } from "@/components/wallet/payment-requests-card";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { couponStatusLabels, effectiveStatus } from "@/lib/coupon-display/labels";
import { formatDate, formatDateTime } from "@/lib/dates/format-date";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { listMyPaymentRequests } from "@/lib/pos/list-my-payment-requests";
import { getWalletHome } from "@/lib/wallet/get-wallet-home";
import { listOpenRequests } from "@/lib/wallet/list-open-requests";
import { plural } from "@/lib/words/plural";

export const metadata: Metadata = { title: "Wallet" };

const statusLabel = (status: string) => couponStatusLabels[status]?.label ?? status;

export default async function WalletPage() {
  const { session, actor } = await pageActor({ permission: "wallet.use", next: "/wallet" });
  const home = await getWalletHome(getDb(), actor);
  const requests = await listOpenRequests(getDb(), actor);
  const askedToPay = await listMyPaymentRequests(getDb(), actor);
  const empty = home.coupons.length === 0 && home.incomingOffers.length === 0 && home.balances.length === 0;
  return (
    <div className="space-y-8">
      <header className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">Wallet</h1>
          <p className="break-words text-stone-700">
            Signed in as <span className="font-medium">{session.displayName}</span> (@{session.handle})
          </p>
        </div>
        <nav aria-label="Wallet" className="flex flex-wrap gap-2">
          <Link href="/wallet/request" className={primaryButton}>
            Request a coupon
          </Link>
          <Link href="/wallet/scan" className={primaryButton}>
            Scan to pay or receive
          </Link>
          <Link href="/wallet/orders" className={secondaryButton}>
            My orders
          </Link>
          <Link href="/wallet/statements" className={secondaryButton}>
            Statements
          </Link>
          <Link href="/wallet/terminal" className={secondaryButton}>
            This device&apos;s copy
          </Link>
          <Link href="/wallet/settings/security" className={secondaryButton}>
            Passkeys and sessions
          </Link>
          <SignOutButton />
        </nav>
      </header>

      <TerminalStatus walletUnlocked={session.unlockedUntil !== null && session.unlockedUntil > new Date()} />

      <PaymentRequestsCard requests={askedToPay} now={new Date()} />

      {empty ? (
        <section
          aria-labelledby="start"
          className="space-y-3 rounded-xl border border-stone-200 bg-white p-6"
        >
          <h2 id="start" className="text-xl font-semibold">
            Your wallet is empty
          </h2>
          <p className="text-stone-700">
            Start by requesting a coupon: choose an amount and confirm with your passkey. You can then give it
            to someone by their handle or with a claim link. Coupons others give you appear here to accept.
          </p>
          <Link href="/wallet/request" className={primaryButton}>
            Request your first coupon
          </Link>
        </section>
      ) : null}

      {home.balances.length > 0 ? (
        <section aria-labelledby="balances" className="space-y-3">
          <h2 id="balances" className="text-xl font-semibold">
            Balances
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2">
            {home.balances.map((balance) => (
              <li key={balance.currency} className="rounded-xl border border-stone-200 bg-white p-4">
                <p className="text-sm text-stone-600">{balance.currency} ready to use</p>
                <p className="text-2xl font-semibold">
                  <Money value={moneyOf(balance.spendableMinor, balance.currency)} />
                </p>
                <dl className="mt-2 grid grid-cols-3 gap-2 text-sm">
                  <div>
                    <dt className="text-stone-600">On its way out</dt>
                    <dd>
                      <Money value={moneyOf(balance.pendingOutMinor, balance.currency)} />
                    </dd>
                  </div>
                  <div>
                    <dt className="text-stone-600">On its way in</dt>
                    <dd>
                      <Money value={moneyOf(balance.pendingInMinor, balance.currency)} />
                    </dd>
                  </div>
                  <div>
                    <dt className="text-stone-600">
                      {balance.unbilledNetMinor < 0n ? "Next payout" : "Next invoice"}
                    </dt>
                    <dd data-testid={`unbilled-${balance.currency}`}>
                      <Money
                        value={moneyOf(
                          balance.unbilledNetMinor < 0n
                            ? -balance.unbilledNetMinor
                            : balance.unbilledNetMinor,
                          balance.currency,
                        )}
                      />
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {home.incomingOffers.length > 0 ? (
        <section aria-labelledby="incoming" className="space-y-3">
          <h2 id="incoming" className="text-xl font-semibold">
            Offers for you
          </h2>
          <ul className="space-y-3">
            {home.incomingOffers.map((offer) => (
              <IncomingOfferCard
                key={offer.transferId}
                transferId={offer.transferId}
                groupId={offer.groupId}
                couponsText={offer.couponCount > 1 ? plural(offer.couponCount, "coupon") : null}
                amountText={formatMoney(offer)}
                fromName={offer.fromDisplayName}
                expiresText={formatDateTime(offer.expiresAt)}
                refundOf={offer.refundOf}
              />
            ))}
          </ul>
        </section>
      ) : null}

      {requests.length > 0 ? (
        <section aria-labelledby="requests" className="space-y-3">
          <h2 id="requests" className="text-xl font-semibold">
            Your requests
          </h2>
          <ul className="space-y-2">
            {requests.map((request) => (
              <li
                key={request.id}
                data-request-status={request.status}
                className="rounded-xl border border-stone-200 bg-white px-4 py-3"
              >
                <span className="font-medium tabular-nums">{formatMoney(request)}</span>{" "}
                {request.status === "awaiting_approval"
                  ? "· awaiting approval by Scrip"
                  : `· not approved${request.reason ? `: ${request.reason}` : ""}`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="coupons" className="space-y-3">
        <h2 id="coupons" className="text-xl font-semibold">
          Your coupons
        </h2>
        {home.coupons.length === 0 ? (
          <p className="text-stone-700">No coupons in your wallet right now.</p>
        ) : (
          <ul className="divide-y divide-stone-200 overflow-hidden rounded-xl border border-stone-200 bg-white">
            {home.coupons.map((coupon) => {
              const status = effectiveStatus(coupon.status, coupon.expiresAt);
              // "Expired" beside "Expires …" would contradict itself: a past expiry is said as past.
              const expiry = status === "expired" ? "Expired" : "Expires";
              return (
                <li key={coupon.id}>
                  <Link
                    href={`/wallet/coupons/${coupon.id}`}
                    className="flex items-center justify-between gap-3 p-4 hover:bg-stone-50"
                    aria-label={`Coupon ${formatMoney(coupon)}, ${statusLabel(status)}, ${expiry.toLowerCase()} ${formatDate(coupon.expiresAt)}`}
                  >
                    <span>
                      <span className="block text-lg font-semibold">
                        <Money value={coupon} />
                      </span>
                      <span className="block text-sm text-stone-600">
                        {expiry} <When date={coupon.expiresAt} withTime={false} />
                      </span>
                    </span>
                    <StatusBadge status={status} />
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
        <Link href="/wallet/coupons" className="inline-block text-brand-700 underline">
          Coupon history: every coupon you have held, given away or spent
        </Link>
      </section>

      <LockedContent>
        <p className="text-stone-700">Your coupon tokens and QR codes will appear here.</p>
        <p className="text-sm text-stone-600">
          Open a coupon and choose "Show token and QR code" to present it.
        </p>
      </LockedContent>
    </div>
  );
}
