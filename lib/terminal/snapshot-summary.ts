import { type Money, moneyOf } from "@/lib/money/money";
import type { TerminalIncomingOffer, TerminalSnapshot } from "./terminal-types";

/** What the terminal shows at the top for one currency: ready to use, and offered to someone and not answered. */
export interface TerminalBalance {
  currency: string;
  ready: Money;
  offered: Money;
}

/**
 * The balances of a snapshot, one per currency in order of first appearance: coupons ready to use (`active`) and
 * coupons offered and not yet answered (`offered`). Other states (split, converted, …) hold no value of their own.
 */
export function snapshotBalances(snapshot: TerminalSnapshot): TerminalBalance[] {
  const sums = new Map<string, { ready: bigint; offered: bigint }>();
  for (const coupon of snapshot.coupons) {
    const sum = sums.get(coupon.currency) ?? { ready: 0n, offered: 0n };
    if (coupon.status === "active") sum.ready += BigInt(coupon.amountMinor);
    else if (coupon.status === "offered") sum.offered += BigInt(coupon.amountMinor);
    else continue;
    sums.set(coupon.currency, sum);
  }
  return [...sums].map(([currency, sum]) => ({
    currency,
    ready: moneyOf(sum.ready, currency),
    offered: moneyOf(sum.offered, currency),
  }));
}

/** An offer waiting for the person's answer as they see it: one gift of several coupons is one offer. */
export interface TerminalOfferGroup {
  key: string;
  fromName: string;
  expiresAt: string;
  offers: TerminalIncomingOffer[];
}

/** The incoming offers of a snapshot, the coupons of one gift (same `groupId`) together. */
export function groupIncomingOffers(offers: TerminalIncomingOffer[]): TerminalOfferGroup[] {
  const groups = new Map<string, TerminalOfferGroup>();
  for (const offer of offers) {
    const key = offer.groupId ?? offer.transferId;
    const group = groups.get(key);
    if (group) group.offers.push(offer);
    else groups.set(key, { key, fromName: offer.fromName, expiresAt: offer.expiresAt, offers: [offer] });
  }
  return [...groups.values()];
}

/** Enough of a check that an old or foreign shape is refreshed, never misread (`format` is bumped on change). */
export function isSnapshot(value: unknown): value is TerminalSnapshot {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<TerminalSnapshot>;
  return (
    candidate.format === 1 &&
    typeof candidate.asOf === "string" &&
    Array.isArray(candidate.coupons) &&
    Array.isArray(candidate.incomingOffers) &&
    Array.isArray(candidate.outgoingOffers)
  );
}
