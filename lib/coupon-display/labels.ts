/** Words the wallet uses for coupon states and timeline events, in one place so every page agrees. */
export const couponStatusLabels: Record<
  string,
  { label: string; tone: "green" | "amber" | "stone" | "red" | "blue" }
> = {
  active: { label: "Ready to use", tone: "green" },
  offered: { label: "Offered", tone: "amber" },
  split: { label: "Split", tone: "stone" },
  converted: { label: "Converted", tone: "blue" },
  expired: { label: "Expired", tone: "stone" },
  void: { label: "Voided", tone: "stone" },
  revoked: { label: "Revoked", tone: "red" },
  /** What a past holder sees: the coupon went on to someone else, whose doings are not theirs to see. */
  elsewhere: { label: "No longer in your wallet", tone: "stone" },
};

export const eventLabels: Record<string, string> = {
  requested: "Requested",
  issued: "Issued",
  offered: "Offered",
  accepted: "Accepted",
  declined: "Declined",
  cancelled: "Offer cancelled",
  expired: "Expired",
  transfer_expired: "Offer expired",
  split: "Split",
  converted: "Converted to money",
  voided: "Voided",
  revoked: "Revoked",
  funded: "Paid for",
};

/** "Expired" wins over the stored status once the expiry time has passed and the job has not run yet. */
export function effectiveStatus(status: string, expiresAt: Date, now = new Date()): string {
  return (status === "active" || status === "offered") && expiresAt <= now ? "expired" : status;
}
