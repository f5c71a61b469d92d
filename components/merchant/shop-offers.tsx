"use client";

import { useRouter } from "next/navigation";
import {
  acceptOfferAction,
  acceptOfferOptionsAction,
  declineOfferAction,
} from "@/app/(merchant)/merchant/[slug]/offers/actions";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { When } from "@/components/ui/when";
import { runStepUp } from "@/components/wallet/run-step-up";
import { plural } from "@/lib/words/plural";

export interface ShopOfferItem {
  transferId: string;
  fromName: string;
  amountText: string;
  /** More than one: a gift of several coupons, answered whole. */
  couponCount: number;
  expiresAt: string;
}

const what = (offer: ShopOfferItem) =>
  `${offer.amountText} from ${offer.fromName}${offer.couponCount > 1 ? ` in ${plural(offer.couponCount, "coupon")}` : ""}`;

/**
 * The offers waiting for the shop's answer, each with Accept (confirmed with the member's passkey) and Decline.
 * The page refreshes live (the dashboard's LiveRefresh), so a new, cancelled or expired offer appears or goes.
 */
export function ShopOffers({ slug, offers }: { slug: string; offers: ShopOfferItem[] }) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();

  const accept = (offer: ShopOfferItem) =>
    run(`Confirm with your passkey to accept ${what(offer)}…`, async () => {
      const result = await runStepUp(
        () => acceptOfferOptionsAction({ slug, transferId: offer.transferId }),
        (_context, stepUp) => acceptOfferAction({ slug, transferId: offer.transferId, stepUp }),
      );
      router.refresh();
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      return { kind: "success", text: `Accepted ${what(offer)}. It is in your shop's coupons.` };
    });

  const decline = (offer: ShopOfferItem) =>
    run("Declining…", async () => {
      const result = await declineOfferAction({ slug, transferId: offer.transferId });
      router.refresh();
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      return { kind: "success", text: `Declined ${what(offer)}. It stays with ${offer.fromName}.` };
    });

  return (
    <div className="space-y-3">
      {offers.length === 0 ? (
        <p className="text-stone-700">No offers are waiting for an answer.</p>
      ) : (
        <CardTable
          caption="Offers waiting for an answer"
          columns={[
            { label: "From" },
            { label: "Amount", align: "right" },
            { label: "Open until" },
            { label: "Answer", hidden: true },
          ]}
        >
          {offers.map((offer) => (
            <CardRow key={offer.transferId}>
              <CardCell label="From" rowHeader className="wrap-anywhere">
                {offer.fromName}
              </CardCell>
              <CardCell label="Amount" align="right" className="tabular-nums">
                {offer.amountText}
                {offer.couponCount > 1 ? (
                  <span className="block text-xs text-stone-600">
                    in {plural(offer.couponCount, "coupon")}, as one gift
                  </span>
                ) : null}
              </CardCell>
              <CardCell label="Open until">
                <When date={offer.expiresAt} />
              </CardCell>
              <CardCell>
                <div className="flex flex-wrap gap-2 py-1">
                  <button
                    type="button"
                    className={primaryButton}
                    disabled={busy}
                    aria-label={`Accept ${what(offer)}`}
                    onClick={() => void accept(offer)}
                  >
                    Accept
                  </button>
                  <button
                    type="button"
                    className={secondaryButton}
                    disabled={busy}
                    aria-label={`Decline ${what(offer)}`}
                    onClick={() => void decline(offer)}
                  >
                    Decline
                  </button>
                </div>
              </CardCell>
            </CardRow>
          ))}
        </CardTable>
      )}
      <StatusMessage status={status} />
    </div>
  );
}
