"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { unlockOptionsAction, unlockWalletAction } from "@/app/(wallet)/wallet/actions";
import { withStepUp } from "@/components/auth/passkey-client";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, type Status, StatusMessage } from "@/components/ui/status-message";

/** Unlocks the wallet with a passkey step-up bound to this session. */
export function UnlockWalletButton() {
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={primaryButton}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setStatus({ kind: "progress", text: "Waiting for your passkey…" });
          const result = await withStepUp(
            () => unlockOptionsAction({}),
            (response) => unlockWalletAction({ response }),
          );
          setBusy(false);
          if (!result.ok) {
            setStatus({ kind: "error", text: errorText(result.error) });
            return;
          }
          setStatus({ kind: "success", text: "Wallet unlocked." });
          router.refresh();
        }}
      >
        Unlock wallet
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
