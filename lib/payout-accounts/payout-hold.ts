/** How long payouts to a newly added or changed payout account wait for review. */
export const payoutHoldMs = 24 * 60 * 60 * 1000;

/** When the hold on payouts to an account changed at `changedAt` ends. */
export const payoutHeldUntil = (changedAt: Date): Date => new Date(changedAt.getTime() + payoutHoldMs);

/**
 * True while payouts to `account` are held for review: it was added or changed less than 24 hours before `now`
 * (a payout account taken over by someone else is then caught before money goes to it). The payout batch
 * (issue 18, "Paying out") calls this for each payout and lists held ones as blocked until the hold ends or
 * an admin reviews them; an absent account is not "held" but has nowhere to be paid, which the batch reports
 * on its own.
 */
export function isPayoutHeld(account: { changedAt: Date } | null, now: Date): boolean {
  return account !== null && now.getTime() < payoutHeldUntil(account.changedAt).getTime();
}
