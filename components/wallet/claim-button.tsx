"use client";

import { useRouter } from "next/navigation";
import { primaryButton } from "@/components/ui/button-styles";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { acceptGiftWithPasskey, acceptWithPasskey } from "./accept-with-passkey";

/**
 * Claims an open offer with the claimant's passkey (their signature makes them the new owner); a gift of several
 * coupons (`gift`) is claimed whole with one confirmation.
 */
export function ClaimButton({ claimCode, gift = false }: { claimCode: string; gift?: boolean }) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={primaryButton}
        disabled={busy}
        onClick={() =>
          run("Confirm with your passkey…", () =>
            (gift ? acceptGiftWithPasskey : acceptWithPasskey)(
              { claimCode },
              {
                success: gift ? "Claimed: the gift is yours." : "Claimed: the coupon is yours.",
                open: (path) => router.push(path),
              },
            ),
          )
        }
      >
        Claim with passkey
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
