import { describe, expect, it } from "vitest";
import { formatMoney } from "./format-money";

describe("formatMoney", () => {
  it("uses the currency's minor unit", () => {
    expect(formatMoney(1250n, "EUR")).toBe("€12.50");
    expect(formatMoney(1250n, "JPY")).toBe("¥1,250");
    expect(formatMoney(5n, "USD")).toBe("$0.05");
  });

  it("keeps amounts beyond 2^53 exact", () => {
    expect(formatMoney(9_007_199_254_740_993n, "USD")).toBe("$90,071,992,547,409.93");
  });

  it("formats negatives", () => {
    expect(formatMoney(-1999n, "EUR")).toBe("-€19.99");
  });
});
