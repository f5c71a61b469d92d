"use server";

import { z } from "zod";
import { shopAction } from "@/lib/auth/shop-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { beginCampaign } from "@/lib/campaigns/begin-campaign";
import { beginCampaignDecision } from "@/lib/campaigns/begin-campaign-decision";
import { campaignDtoOf } from "@/lib/campaigns/campaign-dto";
import { cancelCampaign } from "@/lib/campaigns/cancel-campaign";
import { createCampaign } from "@/lib/campaigns/create-campaign";
import { getCampaign } from "@/lib/campaigns/get-campaign";
import { maxRecipientListChars } from "@/lib/campaigns/parse-recipient-list";
import { pauseCampaign } from "@/lib/campaigns/pause-campaign";
import { resumeCampaign, startCampaign } from "@/lib/campaigns/start-campaign";
import { plainText } from "@/lib/validation/text";

// A shop's sponsored campaigns (#19): its owners only; creating, cancelling and revealing codes need a passkey.

const shopId = plainText("a shop id").min(1).max(64);
const campaignId = plainText("a campaign").min(1).max(64);
const fields = {
  shopId,
  name: z.string().max(200),
  amount: z.string().max(40),
  currency: z.string().max(3),
  expiresInDays: z.string().max(6),
  kind: z.enum(["recipients", "claim_codes"]),
  count: z.string().max(12).optional(),
  csv: z.string().max(maxRecipientListChars).optional(),
};

/** Checks a new campaign (every handle of its list) and returns the cost and passkey options for exactly it. */
export const checkShopCampaignAction = shopAction(
  "shop.campaigns.write",
  z.object(fields),
  async ({ db, actor, meta, input }) => beginCampaign(db, actor, { ...input, ip: meta.ip }),
);

/** Creates the campaign confirmed with the owner's passkey and, unless it awaits approval, starts it. */
export const createShopCampaignAction = shopAction(
  "shop.campaigns.write",
  z.object({ ...fields, campaignId, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const created = await createCampaign(db, actor, { ...input, authorization: input.stepUp, ip: meta.ip });
    if (created.status === "queued")
      await startCampaign(db, actor, { campaignId: created.campaignId, ip: meta.ip });
    return created;
  },
);

/** The campaign's progress, for its page's progress bar. */
export const shopCampaignProgressAction = shopAction(
  "shop.campaigns.write",
  z.object({ shopId, campaignId }),
  async ({ db, actor, input }) => campaignDtoOf(await getCampaign(db, actor, input)),
);

/** Start, pause or resume (no money changes hands: issuing was confirmed when the campaign was made). */
export const controlShopCampaignAction = shopAction(
  "shop.campaigns.write",
  z.object({ shopId, campaignId, control: z.enum(["start", "pause", "resume"]) }),
  async ({ db, actor, meta, input }) => {
    const run = { start: startCampaign, pause: pauseCampaign, resume: resumeCampaign }[input.control];
    await run(db, actor, { campaignId: input.campaignId, ip: meta.ip });
    return { done: true };
  },
);

/** Passkey options to cancel the campaign or reveal its claim codes. */
export const shopCampaignDecisionOptionsAction = shopAction(
  "shop.campaigns.write",
  z.object({ shopId, campaignId, decision: z.enum(["cancel", "codes"]) }),
  async ({ db, actor, meta, input }) => beginCampaignDecision(db, actor, { ...input, ip: meta.ip }),
);

/** Cancels the campaign, confirmed with a passkey: nothing more is issued or charged. */
export const cancelShopCampaignAction = shopAction(
  "shop.campaigns.write",
  z.object({ shopId, campaignId, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    await cancelCampaign(db, actor, {
      campaignId: input.campaignId,
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return { done: true };
  },
);
