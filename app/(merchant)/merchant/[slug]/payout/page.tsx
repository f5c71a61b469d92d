import type { Metadata } from "next";
import { PayoutAccountPanel } from "@/components/payout-accounts/payout-account-panel";
import { can } from "@/lib/auth/permissions";
import { getPayoutAccount } from "@/lib/payout-accounts/get-payout-account";
import { payoutAccountRowOf } from "@/lib/payout-accounts/payout-account-row";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Payouts" };

export default async function ShopPayoutPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db, shop, actor } = await loadMemberShop(slug, "shop.read", `/merchant/${slug}/payout`);
  const account = await getPayoutAccount(db, actor, { shopId: shop.shopId });
  const mayEdit = can(actor, "shop.payout_account.write", { shopId: shop.shopId });
  return (
    <section aria-labelledby="payout" className="space-y-4">
      <div className="space-y-1">
        <h2 id="payout" className="text-2xl font-semibold">
          Where Scrip pays the shop
        </h2>
        <p className="text-stone-700">
          The shop&apos;s payouts go by bank transfer to this account. Only its country and last four
          characters are shown.{" "}
          {mayEdit ? "Only owners can change it." : "Only the shop's owners can change it."}
        </p>
      </div>
      <PayoutAccountPanel shopId={shop.shopId} account={payoutAccountRowOf(account)} mayEdit={mayEdit} />
    </section>
  );
}
