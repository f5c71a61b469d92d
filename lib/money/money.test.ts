import { describe, expect, it } from "vitest";
import { codeOf, messageOf } from "@/tests/support/app-error-of";
import { currencyExponent, isCurrency, toCurrency } from "./currencies";
import {
  addMoney,
  formatMoney,
  majorToMinor,
  maxAmountMinor,
  money,
  moneyOf,
  parseMoney,
  toAmountMinor,
  toDecimalString,
} from "./money";

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

  it("accepts zero only when asked (a limit of zero blocks), still with the currency's decimals", () => {
    expect(parseMoney("0", "EUR", { allowZero: true }).amountMinor).toBe(0n);
    expect(parseMoney("0.00", "EUR", { allowZero: true }).amountMinor).toBe(0n);
    expect(codeOf(() => parseMoney("0.000", "EUR", { allowZero: true }))).toBe("INVALID_AMOUNT");
    expect(codeOf(() => parseMoney("0.0", "JPY", { allowZero: true }))).toBe("INVALID_AMOUNT");
    expect(codeOf(() => parseMoney("-0", "EUR", { allowZero: true }))).toBe("INVALID_AMOUNT");
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

  it("writes the exact machine decimal of signed amounts and converts major units", () => {
    expect(toDecimalString(money(5n, "EUR"))).toBe("0.05");
    expect(toDecimalString(money(1250n, "EUR"))).toBe("12.50");
    expect(toDecimalString(money(1500n, "JPY"))).toBe("1500");
    expect(toDecimalString(money(1234n, "KWD"))).toBe("1.234");
    expect(toDecimalString(moneyOf(0n, "EUR"))).toBe("0.00");
    expect(toDecimalString(moneyOf(-5n, "USD"))).toBe("-0.05");
    expect(toDecimalString(moneyOf(-1500n, "JPY"))).toBe("-1500");
    expect(toDecimalString(moneyOf(9_007_199_254_740_993n, "USD"))).toBe("90071992547409.93");
    expect(majorToMinor(200n, toCurrency("EUR"))).toBe(20000n);
    expect(majorToMinor(200n, toCurrency("JPY"))).toBe(200n);
  });

  it.each([
    [1250n, "EUR", "€12.50"],
    [5n, "USD", "$0.05"],
    [1250n, "JPY", "¥1,250"],
    [1234n, "KWD", "KWD\u00a01.234"],
    [0n, "EUR", "€0.00"],
    [1500n, "ISK", "ISK\u00a01,500"],
    [-1999n, "EUR", "-€19.99"],
    [-1250n, "JPY", "-¥1,250"],
    [9_007_199_254_740_993n, "USD", "$90,071,992,547,409.93"],
    [maxAmountMinor, "EUR", "€9,999,999,999,999,999.99"],
    [maxAmountMinor, "JPY", "¥999,999,999,999,999,999"],
  ])(
    "formats %s %s for people as %s, with the currency's own decimals, exactly beyond 2^53",
    (amount, currency, text) => {
      expect(formatMoney(moneyOf(amount, currency))).toBe(text);
    },
  );

  it("formats in the reader's locale", () => {
    expect(formatMoney({ amountMinor: 1250n, currency: "EUR" }, "de-DE")).toBe("12,50\u00a0€");
  });

  it("refuses to format an unknown currency rather than guess its decimals", () => {
    expect(codeOf(() => formatMoney({ amountMinor: 1n, currency: "XYZ" }))).toBe("INVALID_CURRENCY");
  });

  it.each([
    ["-3", "EUR", "The amount cannot be negative."],
    ["-0.5", "EUR", "The amount cannot be negative."],
    ["twelve", "EUR", "Enter an amount such as 12.50."],
    ["1e3", "EUR", "Enter an amount such as 12.50."],
    ["", "JPY", "Enter an amount such as 1250."],
    ["12,5", "KWD", "Enter an amount such as 12.500."],
    ["12.345", "EUR", "EUR allows at most 2 decimals."],
    ["1.5", "JPY", "JPY has no decimals; enter a whole amount."],
    ["0", "EUR", "The amount must be greater than zero."],
    ["0.00", "USD", "The amount must be greater than zero."],
    ["10000000000000000.00", "EUR", "The amount is too large: at most €9,999,999,999,999,999.99."],
    ["99999999999999999999999", "JPY", "The amount is too large: at most ¥999,999,999,999,999,999."],
  ])("explains why %j %s is refused", (input, currency, message) => {
    expect(messageOf(() => parseMoney(input, currency))).toBe(message);
  });

  it("never mentions minor units to people", () => {
    const messages = [
      messageOf(() => toAmountMinor("1.5")),
      messageOf(() => toAmountMinor(0n)),
      messageOf(() => parseMoney("0.5", "JPY")),
      messageOf(() => parseMoney("x", "EUR")),
    ];
    for (const message of messages) expect(message).not.toMatch(/minor/i);
  });
});
