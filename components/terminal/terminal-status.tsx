"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { secondaryButton } from "@/components/ui/button-styles";
import { lockWalletOnServer } from "@/components/wallet/lock-controls";
import { UnlockWalletButton } from "@/components/wallet/unlock-wallet-button";
import { noPrfText, unsupportedText, useOptionalTerminal } from "./terminal-provider";

/**
 * Whether the coupons kept on this device are open, with the button that opens or locks them (while the wallet
 * itself is locked, its own unlock below opens both with one prompt, so no second button); where they cannot be
 * kept (no PRF, or an old browser), says that the wallet works online only.
 */
export function TerminalStatus({ walletUnlocked }: { walletUnlocked: boolean }) {
  const terminal = useOptionalTerminal();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  if (!terminal) return null;
  const { state } = terminal;
  const lockBoth = async () => {
    setBusy(true);
    terminal.lock();
    // The server's wallet session locks too; offline, the device's lock is what counts.
    const reached = await lockWalletOnServer();
    setBusy(false);
    if (reached) router.refresh();
  };
  return (
    <section
      aria-label="Coupons on this device"
      data-terminal-state={state}
      className="space-y-3 rounded-xl border border-stone-200 bg-white p-4"
    >
      {state === "no_prf" || state === "unsupported" ? (
        <p role="status" className="text-stone-700">
          {state === "no_prf" ? noPrfText : unsupportedText}
        </p>
      ) : state === "unlocked" ? (
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-stone-700">Your coupons on this device are unlocked.</p>
          <button type="button" className={secondaryButton} disabled={busy} onClick={lockBoth}>
            {busy ? "Locking…" : "Lock"}
          </button>
        </div>
      ) : (
        <>
          <p className="text-stone-700">
            {walletUnlocked
              ? "Your coupons on this device are locked. Unlock them with your passkey, even without a network."
              : "Your coupons on this device are locked. Unlocking the wallet below opens them too, with the same passkey prompt."}
          </p>
          {walletUnlocked ? <UnlockWalletButton label="Unlock on this device" /> : null}
        </>
      )}
    </section>
  );
}
