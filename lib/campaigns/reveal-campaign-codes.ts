import "server-only";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";
import { type CampaignRow, readManagedCampaign } from "./campaign-access";
import { limitCampaignControl } from "./campaign-status";
import { campaignDecisionOperation } from "./campaign-terms";
import { readClaimCodeSecret } from "./claim-code-secret";
import { campaignClaimCode } from "./contract";

/** Most codes one printable sheet shows (a sheet per range of this many). */
export const codesPerSheet = 1_000;

/** The claim codes of a campaign, once its sponsor has confirmed with a passkey: a generator, never a list. */
export interface RevealedCodes {
  campaign: CampaignRow;
  /** Codes of indexes [from, to) that were issued, in order. */
  codes(from?: number, to?: number): Generator<{ index: number; code: string }>;
}

/**
 * Its sponsor's owner or an admin reveals a claim-code campaign's codes (they are money): confirmed with a
 * passkey over this campaign's codes, audited with the range asked for. Only issued coupons' codes are given.
 */
export async function revealCampaignCodes(
  db: DbOrTx,
  actor: Actor,
  input: {
    campaignId: string;
    authorization: unknown;
    ip?: string | null;
    range?: { from: number; to: number };
  },
): Promise<RevealedCodes> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person reveals claim codes.");
  await limitCampaignControl(db, actor);
  const campaign = await inTransaction(db, async (tx) => {
    const row = await readManagedCampaign(tx, actor, input.campaignId);
    if (row.kind !== "claim_codes" || !row.claimCodeSecret) {
      throw new AppError(
        "VALIDATION_FAILED",
        "This campaign sends coupons to people; it has no claim codes.",
      );
    }
    await completeStepUpFor(tx, db, {
      actor,
      operation: campaignDecisionOperation("campaign.codes", row.id),
      sent: input,
    });
    await recordAuditEvent(tx, {
      action: "campaign.codes_revealed",
      actor,
      targetType: "campaign",
      targetId: row.id,
      ip: input.ip,
      data: { issuedCount: row.issuedCount, range: input.range ?? null },
    });
    return row;
  });
  const secret = readClaimCodeSecret(campaign.id, campaign.claimCodeSecret as string);
  return {
    campaign,
    *codes(from = 0, to = campaign.issuedCount) {
      const end = Math.min(to, campaign.issuedCount);
      for (let index = Math.max(0, from); index < end; index++) {
        yield { index, code: campaignClaimCode(secret, campaign.id, index) };
      }
    },
  };
}
