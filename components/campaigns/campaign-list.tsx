import Link from "next/link";
import { CardCell, CardRow, CardTable } from "@/components/ui/card-table";
import { campaignStatusWords } from "@/lib/campaigns/campaign-status-words";
import type { CampaignListItem } from "@/lib/campaigns/list-campaigns";
import { formatDate } from "@/lib/dates/format-date";
import { formatMoney } from "@/lib/money/money";

/** Campaigns as cards on a phone and a table from `sm` up: name, status, progress, value, when made. */
export function CampaignList(props: {
  campaigns: CampaignListItem[];
  basePath: string;
  showSponsor?: boolean;
}) {
  if (props.campaigns.length === 0) return <p className="text-stone-700">No campaigns yet.</p>;
  return (
    <CardTable
      caption="Campaigns"
      columns={[
        { label: "Campaign" },
        ...(props.showSponsor ? [{ label: "Sponsor" }] : []),
        { label: "Status" },
        { label: "Issued" },
        { label: "Each", align: "right" as const },
        { label: "Created" },
      ]}
    >
      {props.campaigns.map((campaign) => (
        <CardRow key={campaign.id}>
          <CardCell label="Campaign" rowHeader>
            <Link href={`${props.basePath}/${campaign.id}`} className="underline wrap-anywhere">
              {campaign.name}
            </Link>
          </CardCell>
          {props.showSponsor ? <CardCell label="Sponsor">{campaign.sponsorName}</CardCell> : null}
          <CardCell label="Status">{campaignStatusWords[campaign.status]}</CardCell>
          <CardCell label="Issued">
            {campaign.issuedCount.toLocaleString("en")} of {campaign.couponCount.toLocaleString("en")} (
            {Math.floor((campaign.issuedCount / campaign.couponCount) * 100)}%)
          </CardCell>
          <CardCell label="Each" align="right">
            {formatMoney({ amountMinor: campaign.amountMinor, currency: campaign.currency })}
          </CardCell>
          <CardCell label="Created">{formatDate(campaign.createdAt)}</CardCell>
        </CardRow>
      ))}
    </CardTable>
  );
}
