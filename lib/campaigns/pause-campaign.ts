import "server-only";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import { readManagedCampaign } from "./campaign-access";
import { limitCampaignControl, moveCampaign } from "./campaign-status";

/** Its sponsor's owner or an admin pauses a running campaign: the job stops after the slice it is writing. */
export async function pauseCampaign(
  db: DbOrTx,
  actor: Actor,
  input: { campaignId: string; ip?: string | null },
): Promise<void> {
  await limitCampaignControl(db, actor);
  await inTransaction(db, async (tx) => {
    const campaign = await readManagedCampaign(tx, actor, input.campaignId, { lock: true });
    await moveCampaign(tx, actor, {
      campaignId: campaign.id,
      from: ["running"],
      to: "paused",
      action: "campaign.paused",
      ip: input.ip,
    });
  });
}
