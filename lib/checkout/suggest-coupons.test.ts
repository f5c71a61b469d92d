import { describe, expect, it } from "vitest";
import { suggestCoupons } from "./suggest-coupons";

const c = (id: string, amount: number) => ({ id, amountMinor: BigInt(amount) });

describe("suggestCoupons", () => {
  it("pays an exact amount with the one coupon that matches it", () => {
    expect(suggestCoupons([c("a", 500), c("b", 1000), c("c", 300)], 500n)).toEqual(["a"]);
  });

  it("uses the smallest single coupon that covers the total (least change)", () => {
    expect(suggestCoupons([c("a", 5000), c("b", 1000), c("c", 300)], 700n)).toEqual(["b"]);
  });

  it("uses the fewest coupons when none covers the total alone", () => {
    expect(suggestCoupons([c("a", 400), c("b", 300), c("c", 200), c("d", 100)], 650n)).toEqual(["a", "b"]);
  });

  it("keeps the largest coupons first and ends with the one that is split", () => {
    expect(suggestCoupons([c("a", 100), c("b", 800), c("c", 500), c("d", 250)], 1000n)).toEqual(["b", "d"]);
  });

  it("returns nothing when all coupons together do not cover the total", () => {
    expect(suggestCoupons([c("a", 100), c("b", 200)], 301n)).toEqual([]);
    expect(suggestCoupons([], 1n)).toEqual([]);
  });

  it("never suggests more coupons than the brute-force minimum", () => {
    const amounts = [700, 120, 90, 55, 400, 33, 250, 610]; // 2258 in all
    const coupons = amounts.map((amount, index) => c(`k${index}`, amount));
    for (let total = 1; total <= 2258; total += 37) {
      let best = Number.POSITIVE_INFINITY;
      for (let mask = 1; mask < 1 << amounts.length; mask++) {
        let sum = 0;
        let count = 0;
        for (let bit = 0; bit < amounts.length; bit++) {
          if (mask & (1 << bit)) {
            sum += amounts[bit] as number;
            count += 1;
          }
        }
        if (sum >= total) best = Math.min(best, count);
      }
      const suggested = suggestCoupons(coupons, BigInt(total));
      const covered = suggested.reduce((sum, id) => sum + amounts[Number(id.slice(1))]!, 0);
      expect(suggested.length).toBe(best);
      expect(covered).toBeGreaterThanOrEqual(total);
    }
  });
});
