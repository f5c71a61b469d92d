"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { acceptOfferAction, acceptOptionsAction } from "@/app/(wallet)/wallet/coupon-actions";
import { withStepUp } from "@/components/auth/passkey-client";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, type Status, StatusMessage } from "@/components/ui/status-message";

/** Claims an open offer with the claimant's passkey (their signature makes them the new owner). */
export function ClaimButton({ claimCode }: { claimCode: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={primaryButton}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setStatus({ kind: "progress", text: "Confirm with your passkey…" });
          const result = await withStepUp(
            () => acceptOptionsAction({ claimCode }),
            (stepUp) => acceptOfferAction({ claimCode, stepUp }),
          );
          setBusy(false);
          if (!result.ok) {
            setStatus({ kind: "error", text: errorText(result.error) });
            return;
          }
          setStatus({ kind: "success", text: "Claimed: the coupon is yours." });
          router.push(`/wallet/coupons/${result.data.couponId}`);
        }}
      >
        Claim with passkey
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
