"use client";

import { useRouter } from "next/navigation";
import { unlockOptionsAction, unlockWalletAction } from "@/app/(wallet)/wallet/actions";
import { withStepUp } from "@/components/auth/passkey-client";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/** Unlocks the wallet with a passkey step-up bound to this session. */
export function UnlockWalletButton() {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={primaryButton}
        disabled={busy}
        onClick={() =>
          run("Waiting for your passkey…", async () => {
            const result = await withStepUp(
              () => unlockOptionsAction({}),
              (response) => unlockWalletAction({ response }),
            );
            if (!result.ok) return { kind: "error", text: errorText(result.error) };
            router.refresh();
            return { kind: "success", text: "Wallet unlocked." };
          })
        }
      >
        Unlock wallet
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
