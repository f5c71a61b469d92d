import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { campaigns } from "@/db/schema";
import { campaignSliceSize, type IssueCampaignSlice } from "./contract";
// The issuing engine (lib/campaigns/contract.ts): rows prepared and signed in Node, written with COPY.
import { issueCampaignSliceFast as issueCampaignSlice } from "./issue-campaign-slice-fast";

export interface RunCampaignOptions {
  /** Coupons per slice (tests use small slices). */
  sliceSize?: number;
  /** Stop after this many slices (tests simulate a worker stopping half way). */
  maxSlices?: number;
  issueSlice?: IssueCampaignSlice;
}

/**
 * The `campaign-run` job: issues a running campaign slice after slice, re-reading its status between slices,
 * so a pause or cancel stops it after the slice being written; marks it completed once every coupon is issued.
 * Safe to run twice at once or again after a kill: each slice is guarded by the issued count it starts from.
 */
export async function runCampaign(
  db: Db,
  campaignId: string,
  options: RunCampaignOptions = {},
): Promise<{ issued: number; status: string }> {
  const sliceSize = options.sliceSize ?? campaignSliceSize;
  const issueSlice = options.issueSlice ?? issueCampaignSlice;
  let issued = 0;
  let slices = 0;
  let stalled = 0;
  for (;;) {
    const [campaign] = await db
      .select({
        status: campaigns.status,
        issuedCount: campaigns.issuedCount,
        couponCount: campaigns.couponCount,
        couponExpiresAt: campaigns.couponExpiresAt,
      })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId));
    if (!campaign) return { issued, status: "missing" };
    if (campaign.status !== "running") return { issued, status: campaign.status };
    if (campaign.issuedCount >= campaign.couponCount) {
      await db
        .update(campaigns)
        .set({ status: "completed", finishedAt: sql`now()`, updatedAt: sql`now()` })
        .where(
          and(
            eq(campaigns.id, campaignId),
            eq(campaigns.status, "running"),
            eq(campaigns.issuedCount, campaign.couponCount),
          ),
        );
      continue;
    }
    if (campaign.couponExpiresAt.getTime() <= Date.now()) {
      // Coupons that would be born expired are not issued: the campaign stops where it is.
      await db
        .update(campaigns)
        .set({
          status: "cancelled",
          reason: "Its coupons expired before they were all issued.",
          finishedAt: sql`now()`,
          updatedAt: sql`now()`,
        })
        .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "running")));
      continue;
    }
    if (options.maxSlices !== undefined && slices >= options.maxSlices) return { issued, status: "running" };
    const fromIndex = campaign.issuedCount;
    const toIndex = Math.min(fromIndex + sliceSize, campaign.couponCount);
    const result = await issueSlice(db, { campaignId, fromIndex, toIndex });
    slices += 1;
    issued += result.issued;
    // Another run took this slice (or the status changed): read again; give up if nothing ever moves.
    stalled = result.issued === 0 ? stalled + 1 : 0;
    if (stalled > 3) return { issued, status: campaign.status };
  }
}

/** Runs every campaign left running (after a restart, or when its job was lost), one after another. */
export async function runRunningCampaigns(db: Db): Promise<{ campaigns: number; issued: number }> {
  const running = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(eq(campaigns.status, "running"));
  let issued = 0;
  for (const { id } of running) issued += (await runCampaign(db, id)).issued;
  return { campaigns: running.length, issued };
}
