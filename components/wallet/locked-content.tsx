import "server-only";
import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { getCurrentSession } from "@/lib/auth/get-current-session";
import { isAppError } from "@/lib/errors";
import { requireUnlockedWallet } from "@/lib/sessions/require-unlocked-wallet";
import { LockControls } from "./lock-controls";
import { UnlockWalletButton } from "./unlock-wallet-button";

/**
 * Renders `children` (coupon tokens, QR codes) only while this session's wallet is unlocked; otherwise an
 * unlock button. The check runs on the server, so locked content never reaches the browser. Rendering it
 * counts as wallet use and moves the auto-lock out again.
 */
export async function LockedContent({
  children,
  what = "Your coupon tokens and QR codes",
}: {
  children: ReactNode;
  what?: string;
}) {
  const session = await getCurrentSession();
  if (!session) return null;
  let unlockedUntil: Date | null = null;
  try {
    ({ unlockedUntil } = await requireUnlockedWallet(getDb(), session));
  } catch (error) {
    if (!isAppError(error) || error.code !== "WALLET_LOCKED") throw error;
  }
  if (!unlockedUntil) {
    return (
      <section
        aria-label="Wallet locked"
        className="space-y-3 rounded-xl border border-stone-200 bg-white p-5"
      >
        <p className="font-medium">Wallet locked</p>
        <p className="text-stone-700">{what} are hidden until you unlock the wallet with your passkey.</p>
        <UnlockWalletButton />
      </section>
    );
  }
  return (
    <section
      aria-label="Wallet unlocked"
      className="space-y-4 rounded-xl border border-brand-100 bg-white p-5"
    >
      <LockControls unlockedUntil={unlockedUntil.toISOString()} />
      {children}
    </section>
  );
}
