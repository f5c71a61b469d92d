import type { Metadata } from "next";
import { CampaignApproval } from "@/components/campaigns/campaign-approval";
import { CampaignList } from "@/components/campaigns/campaign-list";
import { NewCampaignForm } from "@/components/campaigns/new-campaign-form";
import { getDb } from "@/db/client";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { listCampaigns } from "@/lib/campaigns/list-campaigns";
import { defaultEnabledCurrencies, getEnabledCurrencies } from "@/lib/money/enabled-currencies";
import { formatMoney } from "@/lib/money/money";

export const metadata: Metadata = { title: "Campaigns · Back office" };

export default async function AdminCampaignsPage() {
  const { actor } = await pageActor({
    permission: "campaigns.manage",
    next: "/admin/campaigns",
    denied: backOfficeNotAllowed,
  });
  const db = getDb();
  const awaiting = await listCampaigns(db, actor, { status: "awaiting_approval" });
  const all = await listCampaigns(db, actor, {});
  const currency = getEnabledCurrencies()[0] ?? defaultEnabledCurrencies;
  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-3xl font-semibold tracking-tight">Campaigns</h1>
        <p className="text-stone-700">
          Many coupons at once, paid by a sponsor (a person or a shop) as they are issued. Campaigns above the
          approval threshold wait here for another administrator.
        </p>
      </header>
      <section aria-labelledby="awaiting" className="space-y-3">
        <h2 id="awaiting" className="text-xl font-semibold">
          Waiting for approval
        </h2>
        {awaiting.length === 0 ? (
          <p className="text-stone-700">Nothing is waiting for approval.</p>
        ) : (
          <ol aria-label="Campaigns awaiting approval" className="space-y-4">
            {awaiting.map((campaign) => {
              const each = formatMoney({ amountMinor: campaign.amountMinor, currency: campaign.currency });
              const total = formatMoney({
                amountMinor: campaign.amountMinor * BigInt(campaign.couponCount),
                currency: campaign.currency,
              });
              const summary = `${campaign.name} (${campaign.couponCount.toLocaleString("en")} × ${each} = ${total}, charged to ${campaign.sponsorName})`;
              return (
                <li key={campaign.id} className="space-y-3 rounded-xl border border-stone-200 bg-white p-5">
                  <p className="wrap-anywhere">{summary}</p>
                  <CampaignApproval campaignId={campaign.id} summary={campaign.name} />
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <section aria-labelledby="all" className="space-y-3">
        <h2 id="all" className="text-xl font-semibold">
          All campaigns
        </h2>
        <CampaignList campaigns={all} basePath="/admin/campaigns" showSponsor />
      </section>
      <NewCampaignForm shopId={null} currency={currency} basePath="/admin/campaigns" />
    </div>
  );
}
