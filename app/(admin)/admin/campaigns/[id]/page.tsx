import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CampaignPanel } from "@/components/campaigns/campaign-panel";
import { BackLink } from "@/components/ui/back-link";
import { getDb } from "@/db/client";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { campaignDtoOf } from "@/lib/campaigns/campaign-dto";
import { getCampaign } from "@/lib/campaigns/get-campaign";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Campaign · Back office" };

export default async function AdminCampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { actor } = await pageActor({
    permission: "campaigns.manage",
    next: `/admin/campaigns/${id}`,
    denied: backOfficeNotAllowed,
  });
  const campaign = await getCampaign(getDb(), actor, { campaignId: id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <div className="space-y-4">
      <BackLink href="/admin/campaigns">Campaigns</BackLink>
      <h1 className="text-3xl font-semibold tracking-tight wrap-anywhere">{campaign.name}</h1>
      <p className="text-stone-700">Sponsored by {campaign.sponsorName}.</p>
      <CampaignPanel
        shopId={null}
        campaign={campaignDtoOf(campaign)}
        codesUrl={`/admin/campaigns/${campaign.id}/codes`}
      />
    </div>
  );
}
