/**
 * The fewest coupons that cover `totalMinor`, leaving as little change as possible among those: the k−1
 * largest coupons, then the smallest remaining coupon that covers what is left (k is the least count whose
 * largest coupons reach the total). Returns the ids in paying order (the one that may be split last), or an
 * empty list when all of them together do not cover the total.
 */
export function suggestCoupons(
  coupons: readonly { id: string; amountMinor: bigint }[],
  totalMinor: bigint,
): string[] {
  if (totalMinor <= 0n) return [];
  const sorted = [...coupons].sort((a, b) =>
    a.amountMinor === b.amountMinor ? a.id.localeCompare(b.id) : a.amountMinor > b.amountMinor ? -1 : 1,
  );
  let sum = 0n;
  let count = 0;
  while (count < sorted.length && sum < totalMinor) {
    sum += (sorted[count] as { amountMinor: bigint }).amountMinor;
    count += 1;
  }
  if (sum < totalMinor) return [];
  const head = sorted.slice(0, count - 1);
  const left = totalMinor - head.reduce((total, coupon) => total + coupon.amountMinor, 0n);
  // The last coupon: the smallest one not already chosen that covers the rest (exists: sorted[count - 1] does).
  const rest = sorted.slice(count - 1).filter((coupon) => coupon.amountMinor >= left);
  const last = rest[rest.length - 1] as { id: string };
  return [...head.map((coupon) => coupon.id), last.id];
}
