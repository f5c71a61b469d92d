"use client";

import { ClientQrCode } from "@/components/coupons/client-qr-code";
import { Money } from "@/components/coupons/money";
import { When } from "@/components/ui/when";
import { couponStatusLabels } from "@/lib/coupon-display/labels";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { groupIncomingOffers, snapshotBalances } from "@/lib/terminal/snapshot-summary";
import type { TerminalCoupon, TerminalSnapshot } from "@/lib/terminal/terminal-types";
import { plural } from "@/lib/words/plural";

const card = "rounded-xl border border-stone-200 bg-white p-4";

/** The wallet as this device keeps it: balances, each coupon with its timeline and QR code, pending offers. */
export function TerminalCopy({ snapshot }: { snapshot: TerminalSnapshot }) {
  const balances = snapshotBalances(snapshot);
  const incoming = groupIncomingOffers(snapshot.incomingOffers);
  return (
    <div className="space-y-8">
      <section aria-labelledby="terminal-balances" className="space-y-3">
        <h2 id="terminal-balances" className="text-xl font-semibold">
          Balances
        </h2>
        {balances.length === 0 ? (
          <p className="text-stone-700">No coupons in this copy.</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {balances.map((balance) => (
              <li key={balance.currency} className={card}>
                <p className="text-sm text-stone-600">{balance.currency} ready to use</p>
                <p className="text-2xl font-semibold" data-testid={`terminal-balance-${balance.currency}`}>
                  <Money value={balance.ready} />
                </p>
                {balance.offered.amountMinor > 0n ? (
                  <p className="text-sm text-stone-700">
                    Offered, not answered yet: <Money value={balance.offered} />
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {snapshot.truncated ? (
          <p className="text-sm text-stone-700">
            You hold more coupons than this device keeps: the wallet page online shows them all.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="terminal-coupons" className="space-y-3">
        <h2 id="terminal-coupons" className="text-xl font-semibold">
          Coupons
        </h2>
        <ul className="space-y-3">
          {snapshot.coupons.map((coupon) => (
            <CouponCard key={coupon.id} coupon={coupon} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="terminal-pending" className="space-y-3">
        <h2 id="terminal-pending" className="text-xl font-semibold">
          Offers waiting for an answer
        </h2>
        {incoming.length === 0 && snapshot.outgoingOffers.length === 0 ? (
          <p className="text-stone-700">None.</p>
        ) : null}
        <ul className="space-y-2">
          {incoming.map((group) => (
            <li key={group.key} className={card}>
              {group.fromName} offers you {plural(group.offers.length, "coupon")} · answer by{" "}
              <When date={group.expiresAt} />
            </li>
          ))}
          {snapshot.outgoingOffers.map((offer) => (
            <li key={offer.transferId} className={card}>
              You offered <Money value={moneyOf(BigInt(offer.amountMinor), offer.currency)} />{" "}
              {offer.toName ? `to ${offer.toName}` : "with a claim link"} · open until{" "}
              <When date={offer.expiresAt} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function CouponCard({ coupon }: { coupon: TerminalCoupon }) {
  const amount = moneyOf(BigInt(coupon.amountMinor), coupon.currency);
  const status = couponStatusLabels[coupon.status]?.label ?? "Unknown state";
  return (
    <li className={`${card} space-y-3`} data-testid="terminal-coupon">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-lg font-semibold">
          <Money value={amount} />
        </p>
        <p className="text-sm text-stone-700">
          {status} · expires <When date={coupon.expiresAt} withTime={false} />
        </p>
      </div>
      <div>
        <h3 className="text-sm font-semibold">Timeline</h3>
        <ol className="mt-1 space-y-1 text-sm">
          {coupon.timeline.map((entry) => (
            <li key={entry.seq} className="flex flex-wrap justify-between gap-x-3">
              <span>{entry.text}</span>
              <span className="text-stone-600">
                <When date={entry.at} />
              </span>
            </li>
          ))}
        </ol>
      </div>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">Show its QR code</summary>
        <div className="mt-2">
          <ClientQrCode
            text={coupon.compactToken ?? coupon.token}
            label={`QR code of your ${formatMoney(amount)} coupon`}
          />
        </div>
      </details>
    </li>
  );
}
