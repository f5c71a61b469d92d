import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import { assertMayRequestIssuance } from "@/lib/parties/suspension";
import { readManagedCampaign } from "./campaign-access";
import {
  type EnqueueCampaign,
  enqueueCampaignRun,
  limitCampaignControl,
  moveCampaign,
} from "./campaign-status";

/**
 * Its sponsor's owner or an admin starts a queued campaign (queued → running) and hands it to the job queue.
 * A suspended sponsor's campaign does not start.
 */
export async function startCampaign(
  db: DbOrTx,
  actor: Actor,
  input: { campaignId: string; ip?: string | null },
  enqueue: EnqueueCampaign = enqueueCampaignRun,
): Promise<void> {
  await limitCampaignControl(db, actor);
  const campaignId = await inTransaction(db, async (tx) => {
    const campaign = await readManagedCampaign(tx, actor, input.campaignId, { lock: true });
    await assertMayRequestIssuance(tx, campaign.sponsorPartyId);
    await moveCampaign(tx, actor, {
      campaignId: campaign.id,
      from: ["queued"],
      to: "running",
      action: "campaign.started",
      set: { startedAt: sql`now()` as unknown as Date },
      ip: input.ip,
    });
    return campaign.id;
  });
  await enqueue(campaignId);
}
