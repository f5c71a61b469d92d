import type { PayoutBatchStatus, PayoutItemState } from "@/lib/payouts/get-payout-batch";

/** A batch's status in words. */
export const batchStatusWords: Record<PayoutBatchStatus, string> = {
  draft: "file not taken yet",
  exported: "file taken, not marked sent",
  sent: "sent to the bank",
  closed: "answered by the bank",
  withdrawn: "withdrawn",
};

/** A payout's place in a batch, in words (held and returned ones get their details next to it). */
export const itemStateWords: Record<PayoutItemState, string> = {
  included: "in the file",
  blocked_no_account: "no bank account",
  held_for_review: "bank account changed recently",
  confirmed: "paid out",
  returned: "returned by the bank",
  withdrawn: "withdrawn with the batch",
};
