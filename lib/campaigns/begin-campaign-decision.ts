import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { readManagedCampaign } from "./campaign-access";
import { campaignDecisionOperation } from "./campaign-terms";

/** Passkey options for approving, cancelling or revealing the codes of a campaign the actor may manage. */
export async function beginCampaignDecision(
  db: DbOrTx,
  actor: Actor,
  input: { campaignId: string; decision: "approve" | "cancel" | "codes"; ip?: string | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const campaign = await readManagedCampaign(db, actor, input.campaignId);
  const operation = campaignDecisionOperation(`campaign.${input.decision}`, campaign.id);
  return beginStepUp(db, { actor, operation, ip: input.ip });
}
