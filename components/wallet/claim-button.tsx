"use client";

import { useRouter } from "next/navigation";
import { acceptOfferAction, acceptOptionsAction } from "@/app/(wallet)/wallet/coupon-actions";
import { withStepUp } from "@/components/auth/passkey-client";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/** Claims an open offer with the claimant's passkey (their signature makes them the new owner). */
export function ClaimButton({ claimCode }: { claimCode: string }) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={primaryButton}
        disabled={busy}
        onClick={() =>
          run("Confirm with your passkey…", async () => {
            const result = await withStepUp(
              () => acceptOptionsAction({ claimCode }),
              (stepUp) => acceptOfferAction({ claimCode, stepUp }),
            );
            if (!result.ok) return { kind: "error", text: errorText(result.error) };
            router.push(`/wallet/coupons/${result.data.couponId}`);
            return { kind: "success", text: "Claimed: the coupon is yours." };
          })
        }
      >
        Claim with passkey
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
