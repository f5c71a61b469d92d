import { describe, expect, it } from "vitest";
import { plural, pluralWord } from "./plural";

describe("plural", () => {
  it("says one thing for exactly one and many things otherwise, zero included", () => {
    expect(plural(1, "coupon")).toBe("1 coupon");
    expect(plural(2, "coupon")).toBe("2 coupons");
    expect(plural(0, "coupon")).toBe("0 coupons");
    expect(plural(1n, "statement")).toBe("1 statement");
    expect(plural(12n, "statement")).toBe("12 statements");
  });
  it("takes an irregular plural", () => {
    expect(plural(1, "entry", "entries")).toBe("1 entry");
    expect(plural(3, "entry", "entries")).toBe("3 entries");
    expect(pluralWord(1, "was", "were")).toBe("was");
    expect(pluralWord(2, "was", "were")).toBe("were");
  });
});
