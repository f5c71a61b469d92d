"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { VerdictChecks } from "@/components/terminal/verdict-checks";
import { refusalText, useVerifyOnDevice } from "@/components/terminal/verify-on-device";
import { primaryButton } from "@/components/ui/button-styles";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import type { TerminalVerdict } from "@/lib/terminal/terminal-types";
import { acceptGiftWithPasskey, acceptWithPasskey } from "./accept-with-passkey";

/**
 * Claims an open offer with the claimant's passkey (their signature makes them the new owner); a gift of several
 * coupons (`gift`) is claimed whole with one confirmation. This browser first checks the offered coupons itself
 * (claim 7: the issuer's signatures, the giver's ownership and passkey confirmation of exactly this offer, the
 * expiries), shows what it checked, and asks for the passkey only when every check passed.
 */
export function ClaimButton({ claimCode, gift = false }: { claimCode: string; gift?: boolean }) {
  const router = useRouter();
  const { busy, status, setStatus, run } = useActionStatus();
  const verifyOnDevice = useVerifyOnDevice();
  const [verdict, setVerdict] = useState<TerminalVerdict | null>(null);
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={primaryButton}
        disabled={busy}
        onClick={() =>
          run("Checking the coupon on this device…", async () => {
            const checked = await verifyOnDevice({ claimCode });
            setVerdict(checked);
            if (!checked.ok) return { kind: "error", text: refusalText(checked, "claimed") };
            setStatus({ kind: "progress", text: "Confirm with your passkey…" });
            return (gift ? acceptGiftWithPasskey : acceptWithPasskey)(
              { claimCode },
              {
                success: gift ? "Claimed: the gift is yours." : "Claimed: the coupon is yours.",
                open: (path) => router.push(path),
              },
            );
          })
        }
      >
        Claim with passkey
      </button>
      {verdict ? <VerdictChecks verdict={verdict} /> : null}
      <StatusMessage status={status} />
    </div>
  );
}
