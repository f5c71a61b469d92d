import "server-only";
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaignSlices, parties } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { readManagedCampaign } from "./campaign-access";
import type { CampaignListItem } from "./list-campaigns";

/** What a campaign's page shows, and what its progress bar polls. */
export interface CampaignView extends CampaignListItem {
  couponExpiresAt: Date;
  reason: string | null;
  /** Coupons per second over the last slices written, when there are any. */
  perSecond: number | null;
  /** Seconds until every coupon is issued at that pace, while running. */
  etaSeconds: number | null;
}

/** A campaign its shop's owner or an admin may see, with its progress and pace (read-only). */
export async function getCampaign(
  db: DbOrTx,
  actor: Actor,
  input: { campaignId: string },
): Promise<CampaignView> {
  const campaign = await readManagedCampaign(db, actor, input.campaignId);
  const [sponsor] = await db
    .select({ name: parties.displayName })
    .from(parties)
    .where(eq(parties.id, campaign.sponsorPartyId));
  const recent = await db
    .select({
      fromIndex: campaignSlices.fromIndex,
      toIndex: campaignSlices.toIndex,
      at: campaignSlices.createdAt,
    })
    .from(campaignSlices)
    .where(eq(campaignSlices.campaignId, campaign.id))
    .orderBy(desc(campaignSlices.fromIndex))
    .limit(20);
  let perSecond: number | null = null;
  const newest = recent[0];
  const oldest = recent.at(-1);
  if (newest && oldest) {
    // The pace over the recent slices: from the start (or the oldest slice) to the newest slice's commit.
    const since = recent.length > 1 ? oldest.at : (campaign.startedAt ?? oldest.at);
    const seconds = (newest.at.getTime() - since.getTime()) / 1000;
    const coupons = recent.length > 1 ? newest.toIndex - oldest.toIndex : newest.toIndex;
    if (seconds > 0 && coupons > 0) perSecond = coupons / seconds;
  }
  const remaining = campaign.couponCount - campaign.issuedCount;
  return {
    id: campaign.id,
    name: campaign.name,
    sponsorName: sponsor?.name ?? "",
    kind: campaign.kind,
    amountMinor: campaign.amountMinor,
    currency: campaign.currency,
    couponCount: campaign.couponCount,
    issuedCount: campaign.issuedCount,
    status: campaign.status,
    couponExpiresAt: campaign.couponExpiresAt,
    createdAt: campaign.createdAt,
    reason: campaign.reason,
    perSecond,
    etaSeconds: campaign.status === "running" && perSecond ? Math.ceil(remaining / perSecond) : null,
  };
}
