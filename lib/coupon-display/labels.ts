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

/** What a timeline entry needs to be told in words: its kind, the names it involves and whether the viewer acted. */
export interface TimelineWordsItem {
  kind: string;
  actorName: string | null;
  fromName: string | null;
  toName: string | null;
  /** Whether the viewer's party was the actor (said as "you"). */
  byViewer: boolean;
}

/** The name of a timeline event's kind ("Offered"); an unknown kind reads as itself. */
export const eventLabelOf = (kind: string): string => eventLabels[kind] ?? kind;

/**
 * Who did what, in the viewer's words ("you offered it to Bob"): the one vocabulary of a coupon's timeline, on its
 * page and in the wallet terminal's copy. Names are only those the viewer's timeline already carries.
 */
export function describeTimelineEvent(item: TimelineWordsItem): string {
  const who = item.byViewer ? "you" : (item.actorName ?? "Scrip");
  switch (item.kind) {
    case "offered":
      return item.toName ? `${who} offered it to ${item.toName}` : `${who} created a claim link`;
    case "accepted":
      return `${item.toName ?? who} accepted it${item.fromName ? ` from ${item.fromName}` : ""}`;
    case "declined":
      return `${who} declined it`;
    case "cancelled":
      return `${who} cancelled the offer`;
    default:
      return `by ${who}`;
  }
}

/** A timeline entry as one line: its label, then who did what ("Offered: you offered it to Bob"). */
export const timelineEventText = (item: TimelineWordsItem): string =>
  `${eventLabelOf(item.kind)}: ${describeTimelineEvent(item)}`;

/** "Expired" wins over the stored status once the expiry time has passed and the job has not run yet. */
export function effectiveStatus(status: string, expiresAt: Date, now = new Date()): string {
  return (status === "active" || status === "offered") && expiresAt <= now ? "expired" : status;
}
