"use client";

import { useRouter } from "next/navigation";
import { unlockOptionsAction, unlockWalletAction } from "@/app/(wallet)/wallet/actions";
import { withStepUp } from "@/components/auth/passkey-client";
import { useOptionalTerminal } from "@/components/terminal/terminal-provider";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/**
 * Unlocking with a passkey step-up bound to this session; under a `TerminalProvider` the same assertion also
 * evaluates PRF and opens this device's copy (offline, only the copy).
 */
export function useWalletUnlock() {
  const router = useRouter();
  const terminal = useOptionalTerminal();
  const { busy, status, run } = useActionStatus();
  const unlock = () =>
    run("Waiting for your passkey…", async () => {
      if (terminal) {
        const outcome = await terminal.unlock();
        if (!outcome.ok) return { kind: "error", text: errorText(outcome.error) };
        if (outcome.serverUnlocked) router.refresh();
        return {
          kind: "success",
          text: outcome.serverUnlocked ? "Wallet unlocked." : "Unlocked on this device.",
        };
      }
      const result = await withStepUp(
        () => unlockOptionsAction({}),
        (response) => unlockWalletAction({ response }),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      router.refresh();
      return { kind: "success", text: "Wallet unlocked." };
    });
  return { busy, status, unlock };
}

/** Unlocks the wallet with a passkey step-up bound to this session. */
export function UnlockWalletButton({ label = "Unlock wallet" }: { label?: string }) {
  const { busy, status, unlock } = useWalletUnlock();
  return (
    <div className="space-y-3">
      <button type="button" className={primaryButton} disabled={busy} onClick={unlock}>
        {label}
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
