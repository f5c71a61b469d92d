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

type CampaignInput = { campaignId: string; ip?: string | null };

/**
 * Its sponsor's owner or an admin starts a queued campaign (queued → running) and hands it to the job queue.
 * A suspended sponsor's campaign does not start.
 */
export function startCampaign(
  db: DbOrTx,
  actor: Actor,
  input: CampaignInput,
  enqueue: EnqueueCampaign = enqueueCampaignRun,
): Promise<void> {
  return setCampaignRunning(db, actor, input, enqueue, {
    from: "queued",
    action: "campaign.started",
    set: { startedAt: sql`now()` as unknown as Date },
  });
}

/** Its sponsor's owner or an admin resumes a paused campaign (paused → running) and hands it to the queue again. */
export function resumeCampaign(
  db: DbOrTx,
  actor: Actor,
  input: CampaignInput,
  enqueue: EnqueueCampaign = enqueueCampaignRun,
): Promise<void> {
  return setCampaignRunning(db, actor, input, enqueue, { from: "paused", action: "campaign.resumed" });
}

/** Moves a campaign the actor manages from `from` to running (its sponsor not suspended), then enqueues its run. */
async function setCampaignRunning(
  db: DbOrTx,
  actor: Actor,
  input: CampaignInput,
  enqueue: EnqueueCampaign,
  move: {
    from: "queued" | "paused";
    action: "campaign.started" | "campaign.resumed";
    set?: { startedAt: Date };
  },
): Promise<void> {
  await limitCampaignControl(db, actor);
  const campaignId = await inTransaction(db, async (tx) => {
    const campaign = await readManagedCampaign(tx, actor, input.campaignId, { lock: true });
    await assertMayRequestIssuance(tx, campaign.sponsorPartyId);
    await moveCampaign(tx, actor, {
      campaignId: campaign.id,
      from: [move.from],
      to: "running",
      action: move.action,
      ...(move.set ? { set: move.set } : {}),
      ip: input.ip,
    });
    return campaign.id;
  });
  await enqueue(campaignId);
}
