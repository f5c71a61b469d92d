import type { Metadata } from "next";
import Link from "next/link";
import { PayoutAccountPanel } from "@/components/payout-accounts/payout-account-panel";
import { getDb } from "@/db/client";
import { pageActor } from "@/lib/auth/page-actor";
import { getPayoutAccount } from "@/lib/payout-accounts/get-payout-account";
import { payoutAccountRowOf } from "@/lib/payout-accounts/payout-account-row";

export const metadata: Metadata = { title: "Where Scrip pays you" };

export default async function PayoutSettingsPage() {
  const { actor } = await pageActor({ permission: "account.manage", next: "/wallet/settings/payout" });
  const account = await getPayoutAccount(getDb(), actor, {});
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-1">
        <Link href="/wallet/settings/security" className="text-sm text-brand-700 underline">
          Back to passkeys and sessions
        </Link>
        <h1 className="text-3xl font-semibold tracking-tight">Where Scrip pays you</h1>
        <p className="text-stone-700">
          When Scrip owes you money (a payout on your statement), it sends it by bank transfer to this
          account. Only its country and last four characters are shown here.
        </p>
      </div>
      <PayoutAccountPanel shopId={null} account={payoutAccountRowOf(account)} mayEdit />
    </div>
  );
}
