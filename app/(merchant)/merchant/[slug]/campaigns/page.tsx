import type { Metadata } from "next";
import { CampaignList } from "@/components/campaigns/campaign-list";
import { NewCampaignForm } from "@/components/campaigns/new-campaign-form";
import { listCampaigns } from "@/lib/campaigns/list-campaigns";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Campaigns" };

export default async function ShopCampaignsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db, shop, actor } = await loadMemberShop(
    slug,
    "shop.campaigns.write",
    `/merchant/${slug}/campaigns`,
  );
  const campaigns = await listCampaigns(db, actor, { shopId: shop.shopId });
  const basePath = `/merchant/${shop.slug}/campaigns`;
  return (
    <div className="space-y-8">
      <section aria-labelledby="campaigns" className="space-y-3">
        <div className="space-y-1">
          <h2 id="campaigns" className="text-2xl font-semibold">
            Campaigns
          </h2>
          <p className="text-stone-700">
            Give many coupons at once, paid by the shop: send them to a list of people, or print claim codes
            to hand out. The shop is charged for each coupon as it is issued.
          </p>
        </div>
        <CampaignList campaigns={campaigns} basePath={basePath} />
      </section>
      <NewCampaignForm shopId={shop.shopId} currency={shop.currency} basePath={basePath} />
    </div>
  );
}
