import { describe, expect, it } from "vitest";
import { toCurrency } from "@/lib/money/currencies";
import { getIssuanceLimits } from "./issuance-limits";

describe("issuance limits", () => {
  it("has sensible defaults scaled by each currency's exponent", () => {
    const limits = getIssuanceLimits({});
    expect(limits.couponMaximumMinor(toCurrency("EUR"))).toBe(100_000n);
    expect(limits.couponMaximumMinor(toCurrency("JPY"))).toBe(150_000n);
    expect(limits.approvalThresholdMinor(toCurrency("KWD"))).toBe(200_000n);
    expect(limits.requestsPerHour).toBe(30);
  });

  it("reads a default with per-currency overrides and refuses nonsense", () => {
    const limits = getIssuanceLimits({ SCRIP_APPROVAL_THRESHOLD: "50,JPY=7000" });
    expect(limits.approvalThresholdMinor(toCurrency("USD"))).toBe(5000n);
    expect(limits.approvalThresholdMinor(toCurrency("JPY"))).toBe(7000n);
    expect(() => getIssuanceLimits({ SCRIP_COUPON_MAXIMUM: "JPY=5" })).toThrow(/default/);
    expect(() => getIssuanceLimits({ SCRIP_COUPON_MAXIMUM: "1.5" })).toThrow(/cannot read/);
    expect(() => getIssuanceLimits({ SCRIP_ISSUANCE_REQUESTS_PER_HOUR: "0" })).toThrow();
  });
});
