import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CampaignPanel } from "@/components/campaigns/campaign-panel";
import { BackLink } from "@/components/ui/back-link";
import { campaignDtoOf } from "@/lib/campaigns/campaign-dto";
import { getCampaign } from "@/lib/campaigns/get-campaign";
import { isAppError } from "@/lib/errors";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Campaign" };

export default async function ShopCampaignPage({
  params,
}: {
  params: Promise<{ slug: string; id: string }>;
}) {
  const { slug, id } = await params;
  const { db, shop, actor } = await loadMemberShop(
    slug,
    "shop.campaigns.write",
    `/merchant/${slug}/campaigns/${id}`,
  );
  const campaign = await getCampaign(db, actor, { campaignId: id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const basePath = `/merchant/${shop.slug}/campaigns`;
  return (
    <div className="space-y-4">
      <BackLink href={basePath}>Campaigns</BackLink>
      <h2 className="text-2xl font-semibold wrap-anywhere">{campaign.name}</h2>
      <CampaignPanel
        shopId={shop.shopId}
        campaign={campaignDtoOf(campaign)}
        codesUrl={`${basePath}/${campaign.id}/codes`}
      />
    </div>
  );
}
