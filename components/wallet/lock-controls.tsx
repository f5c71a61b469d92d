"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useOptionalTerminal } from "@/components/terminal/terminal-provider";
import { secondaryButton } from "@/components/ui/button-styles";

/** Locks this session's wallet on the server ("Lock now"); false when the server could not be reached. */
export function lockWalletOnServer(): Promise<boolean> {
  return fetch("/api/wallet/lock", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  }).then(
    () => true,
    () => false,
  );
}

/**
 * While the wallet is unlocked: a "Lock now" button, and a timer that hides the content again when the lock
 * time passes (the server refuses it by then anyway). Locking now also drops the key of this device's copy.
 */
export function LockControls({ unlockedUntil }: { unlockedUntil: string }) {
  const router = useRouter();
  const terminal = useOptionalTerminal();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const remaining = new Date(unlockedUntil).getTime() - Date.now();
    const timer = setTimeout(() => router.refresh(), Math.max(0, remaining) + 500);
    return () => clearTimeout(timer);
  }, [unlockedUntil, router]);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <p className="text-sm text-stone-700">Unlocked. It locks again after a few minutes without use.</p>
      <button
        type="button"
        className={secondaryButton}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          terminal?.lock();
          const reached = await lockWalletOnServer();
          setBusy(false);
          // Offline the refresh would fail into the browser's error page; the device's copy is locked anyway.
          if (reached) router.refresh();
        }}
      >
        {busy ? "Locking…" : "Lock now"}
      </button>
    </div>
  );
}
