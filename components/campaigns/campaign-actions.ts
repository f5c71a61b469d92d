"use client";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import {
  adminCampaignDecisionOptionsAction,
  adminCampaignProgressAction,
  cancelAdminCampaignAction,
  checkAdminCampaignAction,
  controlAdminCampaignAction,
  createAdminCampaignAction,
} from "@/app/(admin)/admin/campaigns/actions";
import {
  cancelShopCampaignAction,
  checkShopCampaignAction,
  controlShopCampaignAction,
  createShopCampaignAction,
  shopCampaignDecisionOptionsAction,
  shopCampaignProgressAction,
} from "@/app/(merchant)/merchant/[slug]/campaigns/actions";
import type { ActionResult } from "@/lib/auth/action-result";
import type { CampaignSummary } from "@/lib/campaigns/begin-campaign";
import type { CampaignDto } from "@/lib/campaigns/campaign-dto";

type StepUp = Parameters<typeof cancelShopCampaignAction>[0]["stepUp"];

/** What the sponsor typed (and the list file's text). */
export interface CampaignFields {
  sponsor?: string;
  name: string;
  amount: string;
  currency: string;
  expiresInDays: string;
  kind: "recipients" | "claim_codes";
  count?: string;
  csv?: string;
}

/** The campaign server actions of a shop's owner (`shopId`) or of an admin (`shopId` null), with one shape. */
export function campaignActions(shopId: string | null) {
  if (shopId === null) {
    return {
      check: (fields: CampaignFields) =>
        checkAdminCampaignAction({ ...fields, sponsor: fields.sponsor ?? "" }) as Promise<
          ActionResult<{ options: PublicKeyCredentialRequestOptionsJSON; summary: CampaignSummary }>
        >,
      create: (fields: CampaignFields, campaignId: string, stepUp: StepUp) =>
        createAdminCampaignAction({ ...fields, sponsor: fields.sponsor ?? "", campaignId, stepUp }),
      progress: (campaignId: string) =>
        adminCampaignProgressAction({ campaignId }) as Promise<ActionResult<CampaignDto>>,
      control: (campaignId: string, control: "start" | "pause" | "resume") =>
        controlAdminCampaignAction({ campaignId, control }),
      options: (campaignId: string, decision: "cancel" | "codes") =>
        adminCampaignDecisionOptionsAction({ campaignId, decision }),
      cancel: (campaignId: string, stepUp: StepUp) => cancelAdminCampaignAction({ campaignId, stepUp }),
    };
  }
  return {
    check: (fields: CampaignFields) => checkShopCampaignAction({ shopId, ...fields }),
    create: (fields: CampaignFields, campaignId: string, stepUp: StepUp) =>
      createShopCampaignAction({ shopId, ...fields, campaignId, stepUp }),
    progress: (campaignId: string) =>
      shopCampaignProgressAction({ shopId, campaignId }) as Promise<ActionResult<CampaignDto>>,
    control: (campaignId: string, control: "start" | "pause" | "resume") =>
      controlShopCampaignAction({ shopId, campaignId, control }),
    options: (campaignId: string, decision: "cancel" | "codes") =>
      shopCampaignDecisionOptionsAction({ shopId, campaignId, decision }),
    cancel: (campaignId: string, stepUp: StepUp) => cancelShopCampaignAction({ shopId, campaignId, stepUp }),
  };
}
