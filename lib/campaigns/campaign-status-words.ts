import type { campaignStatus } from "@/db/schema/enums";

export type CampaignStatus = (typeof campaignStatus.enumValues)[number];

/** A campaign's status in words, for people. */
export const campaignStatusWords: Record<CampaignStatus, string> = {
  awaiting_approval: "Waiting for an administrator's approval",
  queued: "Ready to start",
  running: "Issuing coupons",
  paused: "Paused",
  cancelled: "Cancelled",
  completed: "Finished",
  rejected: "Refused by an administrator",
};
