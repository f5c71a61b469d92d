"use client";

import { useRouter } from "next/navigation";
import {
  cancelOfferAction,
  convertCouponAction,
  convertOptionsAction,
  voidCouponAction,
} from "@/app/(wallet)/wallet/coupon-actions";
import { dangerButton, primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { errorText, type Status, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "./run-step-up";

/** The actions the holder may take on a coupon now: cancel a pending offer, convert, or void. */
export function CouponControls({
  couponId,
  pendingTransferId,
  canConvert,
  canVoid,
  amountText,
}: {
  couponId: string;
  pendingTransferId: string | null;
  canConvert: boolean;
  canVoid: boolean;
  amountText: string;
}) {
  const router = useRouter();
  const action = useActionStatus();
  const { busy, status } = action;
  // After every action the page is refreshed, so it shows the coupon as it now stands.
  const run = (progress: string, work: () => Promise<Status>) =>
    action.run(progress, work).then(() => router.refresh());

  // Stays mounted after its action (the refreshed page may offer no actions) so the outcome remains visible.
  if (!pendingTransferId && !canConvert && !canVoid && !status) return null;
  return (
    <section aria-label="Coupon actions" className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {pendingTransferId ? (
          <button
            type="button"
            className={secondaryButton}
            disabled={busy}
            onClick={() =>
              run("Cancelling the offer…", async () => {
                const result = await cancelOfferAction({ transferId: pendingTransferId });
                if (!result.ok) return { kind: "error", text: errorText(result.error) };
                const text = result.data.wholeGift
                  ? "Gift cancelled: all its coupons are yours again."
                  : "Offer cancelled: the coupon is yours again.";
                return { kind: "success", text };
              })
            }
          >
            Cancel offer
          </button>
        ) : null}
        {canConvert ? (
          <button
            type="button"
            className={primaryButton}
            disabled={busy}
            onClick={() =>
              run("Confirm with your passkey…", async () => {
                const result = await runStepUp(
                  () => convertOptionsAction({ couponId }),
                  (context, stepUp) => convertCouponAction({ couponId, version: context.version, stepUp }),
                );
                return result.ok
                  ? {
                      kind: "success",
                      text: `Converted: ${amountText} will be paid out at the next charging run.`,
                    }
                  : { kind: "error", text: errorText(result.error) };
              })
            }
          >
            Convert to money
          </button>
        ) : null}
        {canVoid ? (
          <button
            type="button"
            className={dangerButton}
            disabled={busy}
            onClick={() =>
              run("Voiding…", async () => {
                const result = await voidCouponAction({ couponId });
                return result.ok
                  ? { kind: "success", text: "Voided: nothing is owed for it." }
                  : { kind: "error", text: errorText(result.error) };
              })
            }
          >
            Void coupon
          </button>
        ) : null}
      </div>
      {canConvert ? (
        <p className="text-sm text-stone-600">
          Converting pays {amountText} out to you at the next charging run.
        </p>
      ) : null}
      <StatusMessage status={status} />
    </section>
  );
}
