"use client";

import { useRouter } from "next/navigation";
import { primaryButton } from "@/components/ui/button-styles";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { acceptWithPasskey } from "./accept-with-passkey";

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
          run("Confirm with your passkey…", () =>
            acceptWithPasskey(
              { claimCode },
              { success: "Claimed: the coupon is yours.", open: (path) => router.push(path) },
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
