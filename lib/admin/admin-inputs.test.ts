import { describe, expect, it } from "vitest";
import { messageOf } from "@/tests/support/app-error-of";
import { creditLimitMinorOf } from "./admin-inputs";

describe("creditLimitMinorOf", () => {
  it("reads a typed limit through the one parser: empty is the default, zero blocks", () => {
    expect(creditLimitMinorOf("", "EUR")).toBeNull();
    expect(creditLimitMinorOf("0", "EUR")).toBe("0");
    expect(creditLimitMinorOf("0.00", "EUR")).toBe("0");
    expect(creditLimitMinorOf("2500.5", "EUR")).toBe("250050");
    expect(creditLimitMinorOf("30000", "JPY")).toBe("30000");
  });

  it("refuses more decimals than the currency has, zero included, in plain words", () => {
    expect(messageOf(() => creditLimitMinorOf("0.000", "EUR"))).toBe("EUR allows at most 2 decimals.");
  });
});
