import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { currencyExponent, isCurrency, toCurrency } from "./currencies";
import {
  addMoney,
  formatDecimal,
  majorToMinor,
  maxAmountMinor,
  money,
  parseMoney,
  toAmountMinor,
} from "./money";

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof AppError ? error.code : "NOT_APP_ERROR";
  }
  return undefined;
}

describe("money", () => {
  it("knows each currency's exponent and refuses unknown or lower-case codes", () => {
    expect(currencyExponent(toCurrency("JPY"))).toBe(0);
    expect(currencyExponent(toCurrency("EUR"))).toBe(2);
    expect(currencyExponent(toCurrency("KWD"))).toBe(3);
    expect(isCurrency("eur")).toBe(false);
    expect(isCurrency("XXX")).toBe(false);
    expect(isCurrency("toString")).toBe(false);
    expect(codeOf(() => toCurrency("ABC"))).toBe("INVALID_CURRENCY");
  });

  it("parses typed amounts exactly, scaled by the currency", () => {
    expect(parseMoney("12.50", "EUR").amountMinor).toBe(1250n);
    expect(parseMoney("12.5", "EUR").amountMinor).toBe(1250n);
    expect(parseMoney("12", "EUR").amountMinor).toBe(1200n);
    expect(parseMoney("0.01", "USD").amountMinor).toBe(1n);
    expect(parseMoney("1500", "JPY").amountMinor).toBe(1500n);
    expect(parseMoney("1.234", "KWD").amountMinor).toBe(1234n);
    expect(parseMoney("007.10", "EUR").amountMinor).toBe(710n);
    // 0.1 + 0.2 style float errors cannot happen: 0.29 EUR is exactly 29 cents.
    expect(parseMoney("0.29", "EUR").amountMinor).toBe(29n);
    expect(parseMoney("9999999999999999.99", "EUR").amountMinor).toBe(maxAmountMinor);
  });

  it.each([
    ["1e3", "EUR"],
    ["0.001", "JPY"],
    ["0.5", "JPY"],
    ["1.234", "EUR"],
    ["-1", "EUR"],
    ["+1", "EUR"],
    ["0", "EUR"],
    ["0.00", "EUR"],
    [" 12", "EUR"],
    ["12 ", "EUR"],
    ["1,000", "EUR"],
    ["1_000", "EUR"],
    ["12.", "EUR"],
    [".5", "EUR"],
    ["０１", "EUR"],
    ["Infinity", "EUR"],
    ["NaN", "EUR"],
    ["0x10", "EUR"],
    ["", "EUR"],
    ["10000000000000000.00", "EUR"],
    ["9999999999999999999", "JPY"],
  ])("refuses %j %s with INVALID_AMOUNT", (input, currency) => {
    expect(codeOf(() => parseMoney(input, currency))).toBe("INVALID_AMOUNT");
  });

  it("refuses non-string input and unknown currencies", () => {
    expect(codeOf(() => parseMoney(12.5, "EUR"))).toBe("INVALID_AMOUNT");
    expect(codeOf(() => parseMoney("12.50", "EURO"))).toBe("INVALID_CURRENCY");
  });

  it("validates minor units: positive, whole, bounded", () => {
    expect(toAmountMinor("1250")).toBe(1250n);
    expect(toAmountMinor(1n)).toBe(1n);
    expect(codeOf(() => toAmountMinor(0n))).toBe("INVALID_AMOUNT");
    expect(codeOf(() => toAmountMinor(-1n))).toBe("INVALID_AMOUNT");
    expect(codeOf(() => toAmountMinor(2n ** 63n))).toBe("INVALID_AMOUNT");
    expect(codeOf(() => toAmountMinor(maxAmountMinor + 1n))).toBe("INVALID_AMOUNT");
    expect(codeOf(() => toAmountMinor(1.5))).toBe("INVALID_AMOUNT");
    expect(codeOf(() => toAmountMinor("1e3"))).toBe("INVALID_AMOUNT");
    expect(codeOf(() => toAmountMinor("-1"))).toBe("INVALID_AMOUNT");
    expect(codeOf(() => money(10n, "XYZ"))).toBe("INVALID_CURRENCY");
  });

  it("adds amounts of one currency and refuses mixed currencies and overflow", () => {
    expect(addMoney(money(150n, "EUR"), money(250n, "EUR"))).toEqual({ amountMinor: 400n, currency: "EUR" });
    expect(codeOf(() => addMoney(money(1n, "EUR"), money(1n, "USD")))).toBe("CURRENCY_MISMATCH");
    expect(codeOf(() => addMoney(money(maxAmountMinor, "EUR"), money(1n, "EUR")))).toBe("INVALID_AMOUNT");
  });

  it("formats exact decimals and converts major units", () => {
    expect(formatDecimal(money(5n, "EUR"))).toBe("0.05");
    expect(formatDecimal(money(1250n, "EUR"))).toBe("12.50");
    expect(formatDecimal(money(1500n, "JPY"))).toBe("1500");
    expect(formatDecimal(money(1234n, "KWD"))).toBe("1.234");
    expect(majorToMinor(200n, toCurrency("EUR"))).toBe(20000n);
    expect(majorToMinor(200n, toCurrency("JPY"))).toBe(200n);
  });
});
