import type { Metadata } from "next";
import Link from "next/link";
import { ClaimLinkWatcher } from "@/components/claim/claim-link-watcher";
import { Money } from "@/components/coupons/money";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { When } from "@/components/ui/when";
import { ClaimButton } from "@/components/wallet/claim-button";
import { getDb } from "@/db/client";
import { getCurrentSession } from "@/lib/auth/get-current-session";
import { getRequestContext } from "@/lib/auth/request-context";
import { isAppError } from "@/lib/errors";
import { type OfferVerification, verifyOffer } from "@/lib/wallet/verify-offer";

export const metadata: Metadata = { title: "Claim a coupon", referrer: "no-referrer" };

const offerStatusText: Record<string, string> = {
  accepted: "This coupon has already been claimed.",
  declined: "This offer was declined.",
  cancelled: "The giver cancelled this offer.",
  expired: "This offer has expired.",
};

/** Opening a claim link: what is offered, verified live with the server, and claimed after sign-in. */
export default async function ClaimPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const session = await getCurrentSession();
  const { meta } = await getRequestContext();
  let offer: OfferVerification | null = null;
  let problem: string | null = null;
  try {
    offer = await verifyOffer(getDb(), { claimCode: code, partyId: session?.partyId ?? null, ip: meta.ip });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.message;
  }
  const next = encodeURIComponent(`/claim/${code}`);
  return (
    <div className="mx-auto max-w-md space-y-5">
      <h1 className="text-3xl font-semibold tracking-tight">Claim a coupon</h1>
      {problem || !offer ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-red-800">
          {problem ?? "This claim link is not valid."}
        </p>
      ) : (
        <section
          aria-label="Offered coupon"
          className="space-y-4 rounded-xl border border-stone-200 bg-white p-5"
        >
          <p className="text-3xl font-semibold">
            <Money value={offer} />
          </p>
          <p className="text-stone-700">
            From {offer.fromName} · coupon valid until <When date={offer.couponExpiresAt} />
          </p>
          {offer.genuine && offer.current ? (
            <p
              role="status"
              className="rounded-lg border border-brand-100 bg-brand-50 px-3 py-2 text-brand-900"
            >
              Verified by Scrip just now: a genuine coupon, offered until <When date={offer.expiresAt} />.
            </p>
          ) : (
            <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-red-800">
              {offerStatusText[offer.offerStatus] ?? "This coupon can no longer be claimed."}
            </p>
          )}
          {offer.genuine && offer.current ? (
            <ClaimLinkWatcher transferId={offer.transferId} claimCode={code} />
          ) : null}
          {offer.genuine && offer.current ? (
            session ? (
              <ClaimButton claimCode={code} gift={offer.groupId !== null} />
            ) : (
              <div className="flex flex-col gap-2 sm:flex-row">
                <Link href={`/signin?next=${next}`} className={primaryButton}>
                  Sign in to claim
                </Link>
                <Link href={`/signup?next=${next}`} className={secondaryButton}>
                  Create a wallet
                </Link>
              </div>
            )
          ) : null}
        </section>
      )}
    </div>
  );
}
