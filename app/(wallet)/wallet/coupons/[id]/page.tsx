import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Money } from "@/components/coupons/money";
import { StatusBadge } from "@/components/coupons/status-badge";
import { Timeline } from "@/components/coupons/timeline";
import { PurchaseLink } from "@/components/orders/purchase-link";
import { BackLink } from "@/components/ui/back-link";
import { When } from "@/components/ui/when";
import { CouponControls } from "@/components/wallet/coupon-controls";
import { GiveCouponForm } from "@/components/wallet/give-coupon-form";
import { GiveInPerson } from "@/components/wallet/give-in-person";
import { LockedContent } from "@/components/wallet/locked-content";
import { OfferStatusWatcher } from "@/components/wallet/offer-status-watcher";
import { RevealToken } from "@/components/wallet/reveal-token";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { effectiveStatus } from "@/lib/coupon-display/labels";
import { isAppError } from "@/lib/errors";
import { formatMoney, toDecimalString } from "@/lib/money/money";
import { elsewhereStatus } from "@/lib/wallet/get-coupon-detail";
import { type CouponPage as CouponPageView, getCouponPage } from "@/lib/wallet/get-coupon-page";

export const metadata: Metadata = { title: "Coupon" };

export default async function CouponPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await pageActor({ permission: "coupons.hold", next: `/wallet/coupons/${id}` });
  let coupon: CouponPageView;
  try {
    coupon = await getCouponPage(getDb(), actor, { couponId: id });
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const status = effectiveStatus(coupon.status, coupon.expiresAt);
  const amountText = formatMoney(coupon);
  const owner = coupon.viewerIsOwner;
  const pendingFromMe = coupon.pendingTransfer?.fromViewer ? coupon.pendingTransfer : null;
  const canGive = owner && coupon.status === "active" && status === "active";
  const canConvert = owner && coupon.funded && (coupon.status === "active" || coupon.status === "expired");
  const canVoid =
    owner && coupon.viewerIsRequester && !coupon.funded && coupon.version === 1 && coupon.status === "active";
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <BackLink href="/wallet">Wallet</BackLink>
      <header className="space-y-2">
        <h1 className="text-3xl font-semibold tracking-tight">
          <Money value={coupon} />
        </h1>
        <StatusBadge status={status} />
        {coupon.links.changeOf ? (
          <p>
            <PurchaseLink purchase={coupon.links.changeOf} relation="change" />
          </p>
        ) : null}
        {coupon.links.refundOf ? (
          <p>
            <PurchaseLink purchase={coupon.links.refundOf} relation="refund" />
          </p>
        ) : null}
      </header>
      <dl className="grid grid-cols-2 gap-3 rounded-xl border border-stone-200 bg-white p-5 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-stone-600">{status === "expired" ? "Expired" : "Expires"}</dt>
          <dd className="font-medium">
            <When date={coupon.expiresAt} />
          </dd>
        </div>
        <div>
          <dt className="text-stone-600">Requested by</dt>
          <dd className="font-medium">{coupon.viewerIsRequester ? "You" : coupon.requesterName}</dd>
        </div>
        <div>
          <dt className="text-stone-600">{status === elsewhereStatus ? "Last seen with" : "Held by"}</dt>
          <dd className="font-medium">{owner ? "You" : coupon.ownerName}</dd>
        </div>
        <div>
          <dt className="text-stone-600">Paid for</dt>
          <dd className="font-medium">{coupon.funded ? "Yes" : "Not yet"}</dd>
        </div>
        <div>
          <dt className="text-stone-600">Version</dt>
          <dd className="font-medium" data-testid="coupon-version">
            {coupon.version}
          </dd>
        </div>
        <div>
          <dt className="text-stone-600">Issued</dt>
          <dd className="font-medium">
            <When date={coupon.issuedAt} />
          </dd>
        </div>
      </dl>

      {pendingFromMe ? (
        <section
          aria-label="Pending offer"
          className="space-y-2 rounded-xl border border-amber-200 bg-amber-50/50 p-5"
        >
          <p className="font-medium">
            Offered {pendingFromMe.open ? "as a claim link" : `to ${pendingFromMe.toName}`} until{" "}
            <When date={pendingFromMe.expiresAt} />
          </p>
          <OfferStatusWatcher
            couponId={coupon.id}
            transferId={pendingFromMe.id}
            lastEventSeq={coupon.timeline.at(-1)?.seq ?? 0}
          />
        </section>
      ) : null}

      {owner ? (
        <CouponControls
          couponId={coupon.id}
          pendingTransferId={pendingFromMe?.id ?? null}
          canConvert={canConvert}
          canVoid={canVoid}
          amountText={amountText}
        />
      ) : null}

      {/* Always at this place in the tree, so its QR code survives the page's refreshes while the offer waits. */}
      <GiveInPerson
        couponId={coupon.id}
        canGive={canGive}
        value={toDecimalString(coupon)}
        currency={coupon.currency}
      />

      {canGive || pendingFromMe || (owner && coupon.status === "split") ? (
        <GiveCouponForm
          couponId={coupon.id}
          pending={!canGive}
          value={toDecimalString(coupon)}
          currency={coupon.currency}
        />
      ) : null}

      {owner && (coupon.status === "active" || coupon.status === "offered") ? (
        <LockedContent what="This coupon's token and QR code">
          <RevealToken couponId={coupon.id} />
        </LockedContent>
      ) : null}

      <section aria-labelledby="history" className="space-y-3">
        <h2 id="history" className="text-xl font-semibold">
          Timeline
        </h2>
        <Timeline items={coupon.timeline} links={coupon.links} />
      </section>
    </div>
  );
}
