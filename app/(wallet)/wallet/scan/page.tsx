import type { Metadata } from "next";
import { WalletScanner } from "@/components/scan/wallet-scanner";
import { BackLink } from "@/components/ui/back-link";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "Scan to pay or receive" };

export default async function ScanPage() {
  await pageActor({ permission: "coupons.transfer", next: "/wallet/scan" });
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <BackLink href="/wallet">Wallet</BackLink>
      <h1 className="text-3xl font-semibold tracking-tight">Scan to pay or receive</h1>
      <p className="text-stone-700">
        Scan the QR code on a shop&apos;s till to pay, or the one a friend shows you to receive their gift.
        You see what it is, and confirm with your passkey, before anything changes.
      </p>
      <WalletScanner />
    </div>
  );
}
