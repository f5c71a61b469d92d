import type { campaigns, transfers } from "@/db/schema";
import { type PasskeyAuthorization, verifyRecordedAuthorization } from "@/lib/auth/passkey-authorization";

type CampaignRow = typeof campaigns.$inferSelect;
type TransferRow = typeof transfers.$inferSelect;

/** The transferor evidence a campaign's offers carry: the sponsor's assertion is the campaign's, recorded once. */
export function campaignBasisOf(transfer: Pick<TransferRow, "transferorAuthorization">): string | null {
  const recorded = transfer.transferorAuthorization as { basis?: unknown; campaignId?: unknown } | null;
  return recorded?.basis === "campaign" && typeof recorded.campaignId === "string"
    ? recorded.campaignId
    : null;
}

/**
 * Whether a campaign's offer of a coupon is authorised: the campaign named exists, is the coupon's, is from the
 * party offering it, and its recorded authorization is its creator's passkey assertion over this campaign
 * (sponsor, value, currency, count), re-verified offline.
 */
export async function campaignOfferAuthorised(
  campaign: CampaignRow | undefined,
  input: { campaignId: string; couponCampaignId: string | null; fromPartyId: string },
): Promise<boolean> {
  if (!campaign || campaign.id !== input.campaignId || input.couponCampaignId !== campaign.id) return false;
  if (campaign.sponsorPartyId !== input.fromPartyId) return false;
  const recorded = campaign.authorization as PasskeyAuthorization | null;
  const operation = recorded?.operation;
  if (recorded?.kind !== "passkey" || recorded.userId !== campaign.createdByUserId || !operation)
    return false;
  const commits =
    operation.type === "campaign.create" &&
    operation.campaignId === campaign.id &&
    operation.sponsor === campaign.sponsorPartyId &&
    operation.amountMinor === campaign.amountMinor.toString() &&
    operation.currency === campaign.currency &&
    operation.count === campaign.couponCount &&
    operation.kind === campaign.kind;
  return commits && verifyRecordedAuthorization(recorded, operation);
}
