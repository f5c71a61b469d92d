import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { formatMoney } from "@/lib/money/money";
import { type CampaignInput, prepareCampaign } from "./create-campaign";

/** What the sponsor reads before the passkey: the count, the value, the total and who pays, and any approval. */
export interface CampaignSummary {
  campaignId: string;
  count: number;
  each: string;
  total: string;
  sponsorName: string;
  needsApproval: boolean;
  kind: "recipients" | "claim_codes";
}

/**
 * Checks a new campaign (prepareCampaign: the list, the terms, the credit) and returns passkey options bound to
 * exactly it, with the summary to show before the passkey is asked.
 */
export async function beginCampaign(
  db: DbOrTx,
  actor: Actor,
  input: CampaignInput & { ip?: string | null },
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; summary: CampaignSummary }> {
  const prepared = await prepareCampaign(db, actor, input);
  const options = await beginStepUp(db, { actor, operation: prepared.operation, ip: input.ip });
  const { terms } = prepared;
  return {
    options,
    summary: {
      campaignId: prepared.campaignId,
      count: terms.count,
      each: formatMoney({ amountMinor: terms.amountMinor, currency: terms.currency }),
      total: formatMoney({ amountMinor: prepared.totalMinor, currency: terms.currency }),
      sponsorName: prepared.sponsor.name,
      needsApproval: prepared.needsApproval,
      kind: terms.kind,
    },
  };
}
