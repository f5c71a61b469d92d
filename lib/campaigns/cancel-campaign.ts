import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { readManagedCampaign } from "./campaign-access";
import { limitCampaignControl, moveCampaign } from "./campaign-status";
import { campaignDecisionOperation } from "./campaign-terms";

/**
 * Its sponsor's owner or an admin cancels a campaign not yet finished, with a passkey: nothing more is issued
 * and nothing unissued is charged (the row lock waits for a slice being written; that slice stays). Coupons
 * already issued are not taken back: their offers stay open until they expire.
 */
export async function cancelCampaign(
  db: DbOrTx,
  actor: Actor,
  input: { campaignId: string; authorization: unknown; ip?: string | null },
): Promise<void> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person cancels campaigns.");
  await limitCampaignControl(db, actor);
  await inTransaction(db, async (tx) => {
    const campaign = await readManagedCampaign(tx, actor, input.campaignId, { lock: true });
    await completeStepUpFor(tx, db, {
      actor,
      operation: campaignDecisionOperation("campaign.cancel", campaign.id),
      sent: input,
    });
    await moveCampaign(tx, actor, {
      campaignId: campaign.id,
      from: ["awaiting_approval", "queued", "running", "paused"],
      to: "cancelled",
      action: "campaign.cancelled",
      set: { finishedAt: sql`now()` as unknown as Date },
      ip: input.ip,
    });
  });
}
