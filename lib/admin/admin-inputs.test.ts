import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { creditLimitMinorOf } from "./admin-inputs";

function messageOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof AppError ? error.message : "NOT_APP_ERROR";
  }
  return undefined;
}

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
    expect(messageOf(() => creditLimitMinorOf("1.5", "JPY"))).toBe(
      "JPY has no decimals; enter a whole amount.",
    );
  });
});
