import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { assertNotOwnParty } from "@/lib/admin/assert-not-own-party";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { assertNoOverdueInvoice } from "@/lib/parties/overdue";
import { assertMayRequestIssuance } from "@/lib/parties/suspension";
import { readManagedCampaign } from "./campaign-access";
import { limitCampaignControl, moveCampaign } from "./campaign-status";
import { campaignDecisionOperation } from "./campaign-terms";

/**
 * Admin only (`issuance.approve`), dual control: another admin than its creator, never on their own party,
 * approves a campaign awaiting approval with a passkey; it becomes queued (its credit was reserved when created).
 */
export async function approveCampaign(
  db: DbOrTx,
  actor: Actor,
  input: { campaignId: string; authorization: unknown; ip?: string | null },
): Promise<void> {
  requirePermission(actor, "issuance.approve");
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person approves campaigns.");
  await limitCampaignControl(db, actor);
  await inTransaction(db, async (tx) => {
    const campaign = await readManagedCampaign(tx, actor, input.campaignId, { lock: true });
    if (campaign.status !== "awaiting_approval") {
      throw new AppError("CONFLICT", "This campaign is not waiting for approval.");
    }
    if (campaign.createdByUserId === actor.userId) {
      throw new AppError("FORBIDDEN", "Another administrator must approve a campaign you created.");
    }
    await assertNotOwnParty(tx, actor, [campaign.sponsorPartyId]);
    await assertMayRequestIssuance(tx, campaign.sponsorPartyId);
    await assertNoOverdueInvoice(tx, campaign.sponsorPartyId, "party");
    await completeStepUpFor(tx, db, {
      actor,
      operation: campaignDecisionOperation("campaign.approve", campaign.id),
      sent: input,
    });
    await moveCampaign(tx, actor, {
      campaignId: campaign.id,
      from: ["awaiting_approval"],
      to: "queued",
      action: "campaign.approved",
      set: { decidedByUserId: actor.userId, decidedAt: sql`now()` as unknown as Date },
      ip: input.ip,
    });
  });
}
