import "server-only";
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaigns, parties, shops } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { CampaignStatus } from "./campaign-status";

/** Most campaigns one list shows (newest first). */
export const campaignListLimit = 100;

export interface CampaignListItem {
  id: string;
  name: string;
  sponsorName: string;
  kind: "recipients" | "claim_codes";
  amountMinor: bigint;
  currency: string;
  couponCount: number;
  issuedCount: number;
  status: CampaignStatus;
  createdAt: Date;
}

/**
 * A shop's campaigns for its owner (`shop.campaigns.write`), or every campaign for an admin
 * (`campaigns.manage`), optionally only those in `status`; newest first.
 */
export async function listCampaigns(
  db: DbOrTx,
  actor: Actor,
  input: { shopId?: string; status?: CampaignStatus },
): Promise<CampaignListItem[]> {
  const where: SQL[] = [];
  if (input.shopId !== undefined) {
    requirePermission(actor, "shop.campaigns.write", { shopId: input.shopId });
    const [shop] = await db.select({ partyId: shops.partyId }).from(shops).where(eq(shops.id, input.shopId));
    if (!shop) return [];
    where.push(eq(campaigns.sponsorPartyId, shop.partyId));
  } else {
    requirePermission(actor, "campaigns.manage");
  }
  if (input.status) where.push(eq(campaigns.status, input.status));
  return db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      sponsorName: parties.displayName,
      kind: campaigns.kind,
      amountMinor: campaigns.amountMinor,
      currency: campaigns.currency,
      couponCount: campaigns.couponCount,
      issuedCount: campaigns.issuedCount,
      status: campaigns.status,
      createdAt: campaigns.createdAt,
    })
    .from(campaigns)
    .innerJoin(parties, eq(parties.id, campaigns.sponsorPartyId))
    .where(and(...where))
    .orderBy(desc(campaigns.createdAt))
    .limit(campaignListLimit);
}
