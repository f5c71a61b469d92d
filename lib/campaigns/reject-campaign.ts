import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { assertNotOwnParty } from "@/lib/admin/assert-not-own-party";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { readManagedCampaign } from "./campaign-access";
import { limitCampaignControl, moveCampaign } from "./campaign-status";

/** Admin only (`issuance.approve`, never on their own party): refuses a campaign awaiting approval, with a reason. */
export async function rejectCampaign(
  db: DbOrTx,
  actor: Actor,
  input: { campaignId: string; reason: unknown; ip?: string | null },
): Promise<void> {
  requirePermission(actor, "issuance.approve");
  const reason = typeof input.reason === "string" ? input.reason.trim() : "";
  if (reason.length < 1 || reason.length > 500) {
    throw new AppError("VALIDATION_FAILED", "Give a reason (up to 500 characters).");
  }
  await limitCampaignControl(db, actor);
  await inTransaction(db, async (tx) => {
    const campaign = await readManagedCampaign(tx, actor, input.campaignId, { lock: true });
    await assertNotOwnParty(tx, actor, [campaign.sponsorPartyId]);
    await moveCampaign(tx, actor, {
      campaignId: campaign.id,
      from: ["awaiting_approval"],
      to: "rejected",
      action: "campaign.rejected",
      reason,
      set: {
        reason,
        decidedByUserId: actor.kind === "user" ? actor.userId : null,
        decidedAt: sql`now()` as unknown as Date,
        finishedAt: sql`now()` as unknown as Date,
      },
      ip: input.ip,
    });
  });
}
