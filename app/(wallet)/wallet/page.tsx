import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { SignInRequired } from "@/components/ui/sign-in-required";
import { LockedContent } from "@/components/wallet/locked-content";
import { getCurrentSession } from "@/lib/auth/get-current-session";

export const metadata: Metadata = { title: "Wallet" };

export default async function WalletPage() {
  const session = await getCurrentSession();
  if (!session) {
    return (
      <SignInRequired
        title="Wallet"
        purpose="Your coupons, what is on its way to you, and what you will be charged."
        next="/wallet"
      />
    );
  }
  return (
    <div className="space-y-6">
      <header className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">Wallet</h1>
          <p className="break-words text-stone-700">
            Signed in as <span className="font-medium">{session.displayName}</span> (@{session.handle})
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link
            href="/wallet/settings/security"
            className="inline-flex min-h-11 items-center rounded-lg border border-stone-300 bg-white px-4 py-2 font-medium hover:bg-stone-100"
          >
            Passkeys and sessions
          </Link>
          <SignOutButton />
        </div>
      </header>
      <LockedContent>
        <p className="text-stone-700">Your coupon tokens and QR codes will appear here.</p>
      </LockedContent>
    </div>
  );
}
