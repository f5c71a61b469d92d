"use server";

import { z } from "zod";
import { adminAction } from "@/lib/auth/admin-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { approveCampaign } from "@/lib/campaigns/approve-campaign";
import { beginCampaign } from "@/lib/campaigns/begin-campaign";
import { beginCampaignDecision } from "@/lib/campaigns/begin-campaign-decision";
import { campaignDtoOf } from "@/lib/campaigns/campaign-dto";
import { cancelCampaign } from "@/lib/campaigns/cancel-campaign";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { getCampaign } from "@/lib/campaigns/get-campaign";
import { maxRecipientListChars } from "@/lib/campaigns/parse-recipient-list";
import { pauseCampaign } from "@/lib/campaigns/pause-campaign";
import { rejectCampaign } from "@/lib/campaigns/reject-campaign";
import { resumeCampaign, startCampaign } from "@/lib/campaigns/start-campaign";
import { plainText } from "@/lib/validation/text";

// Campaigns in the back office (#19): an admin sponsors for any person or shop, runs any campaign, and another
// admin approves those above the approval threshold.

const campaignId = plainText("a campaign").min(1).max(64);
const fields = {
  sponsor: z.string().max(60),
  name: z.string().max(200),
  amount: z.string().max(40),
  currency: z.string().max(3),
  expiresInDays: z.string().max(6),
  kind: z.enum(["recipients", "claim_codes"]),
  count: z.string().max(12).optional(),
  csv: z.string().max(maxRecipientListChars).optional(),
};

/** Checks a new campaign and returns its cost and passkey options for exactly it. */
export const checkAdminCampaignAction = adminAction(
  "campaigns.manage",
  z.object(fields),
  async ({ db, actor, meta, input }) => beginCampaign(db, actor, { ...input, ip: meta.ip }),
);

/** Creates the campaign confirmed with the admin's passkey and, unless it awaits approval, starts it. */
export const createAdminCampaignAction = adminAction(
  "campaigns.manage",
  z.object({ ...fields, campaignId, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const created = await createCampaign(db, actor, { ...input, authorization: input.stepUp, ip: meta.ip });
    if (created.status === "queued")
      await startCampaign(db, actor, { campaignId: created.campaignId, ip: meta.ip });
    return created;
  },
);

/** The campaign's progress, for its page's progress bar. */
export const adminCampaignProgressAction = adminAction(
  "campaigns.manage",
  z.object({ campaignId }),
  async ({ db, actor, input }) => campaignDtoOf(await getCampaign(db, actor, input)),
);

/** Start, pause or resume a campaign. */
export const controlAdminCampaignAction = adminAction(
  "campaigns.manage",
  z.object({ campaignId, control: z.enum(["start", "pause", "resume"]) }),
  async ({ db, actor, meta, input }) => {
    const run = { start: startCampaign, pause: pauseCampaign, resume: resumeCampaign }[input.control];
    await run(db, actor, { campaignId: input.campaignId, ip: meta.ip });
    return { done: true };
  },
);

/** Passkey options to approve or cancel a campaign or reveal its claim codes. */
export const adminCampaignDecisionOptionsAction = adminAction(
  "campaigns.manage",
  z.object({ campaignId, decision: z.enum(["approve", "cancel", "codes"]) }),
  async ({ db, actor, meta, input }) => beginCampaignDecision(db, actor, { ...input, ip: meta.ip }),
);

/** Cancels a campaign, confirmed with a passkey. */
export const cancelAdminCampaignAction = adminAction(
  "campaigns.manage",
  z.object({ campaignId, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    await cancelCampaign(db, actor, {
      campaignId: input.campaignId,
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return { done: true };
  },
);

/** Approves a campaign awaiting approval (another admin than its creator), confirmed with a passkey. */
export const approveCampaignAction = adminAction(
  "issuance.approve",
  z.object({ campaignId, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    await approveCampaign(db, actor, {
      campaignId: input.campaignId,
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return { done: true };
  },
);

/** Refuses a campaign awaiting approval, with a reason. */
export const rejectCampaignAction = adminAction(
  "issuance.approve",
  z.object({ campaignId, reason: plainText("a reason").min(1).max(500) }),
  async ({ db, actor, meta, input }) => {
    await rejectCampaign(db, actor, { ...input, ip: meta.ip });
    return { done: true };
  },
);
