import { formatDate } from "@/lib/dates/format-date";
import { formatMoney } from "@/lib/money/money";
import { campaignStatusWords } from "./campaign-status-words";
import type { CampaignView } from "./get-campaign";

/** A campaign as its page shows it: words and formatted amounts only. */
export interface CampaignDto {
  id: string;
  name: string;
  sponsorName: string;
  kind: "recipients" | "claim_codes";
  each: string;
  total: string;
  couponCount: number;
  issuedCount: number;
  status: CampaignView["status"];
  statusWords: string;
  expires: string;
  reason: string | null;
  perSecond: number | null;
  etaSeconds: number | null;
}

export function campaignDtoOf(view: CampaignView): CampaignDto {
  return {
    id: view.id,
    name: view.name,
    sponsorName: view.sponsorName,
    kind: view.kind,
    each: formatMoney({ amountMinor: view.amountMinor, currency: view.currency }),
    total: formatMoney({ amountMinor: view.amountMinor * BigInt(view.couponCount), currency: view.currency }),
    couponCount: view.couponCount,
    issuedCount: view.issuedCount,
    status: view.status,
    statusWords: campaignStatusWords[view.status],
    expires: formatDate(view.couponExpiresAt),
    reason: view.reason,
    perSecond: view.perSecond,
    etaSeconds: view.etaSeconds,
  };
}
