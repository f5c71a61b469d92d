import { describe, expect, it } from "vitest";
import { codeOf, messageOf } from "@/tests/support/app-error-of";
import {
  formatIban,
  isIban,
  maskIban,
  parseBic,
  parseHolderName,
  parseIban,
  parsePayoutAccount,
} from "./iban";

describe("IBAN", () => {
  it.each([
    ["DE89370400440532013000", "DE"],
    ["FR1420041010050500013M02606", "FR"],
    ["NL91ABNA0417164300", "NL"],
    ["AT611904300234573201", "AT"],
    ["BE68539007547034", "BE"],
    ["ES9121000418450200051332", "ES"],
    ["IT60X0542811101000000123456", "IT"],
    ["GB29NWBK60161331926819", "GB"],
    ["CH9300762011623852957", "CH"],
  ])("accepts the valid %s IBAN of %s", (iban) => {
    expect(parseIban(iban)).toBe(iban);
  });

  it("normalises spaces, hyphens and lower case as typed or pasted", () => {
    expect(parseIban(" de89 3704 0044 0532 0130 00 ")).toBe("DE89370400440532013000");
    expect(parseIban("DE89-3704-0044-0532-0130-00")).toBe("DE89370400440532013000");
    expect(parseIban("de89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000")).toBe("DE89370400440532013000");
  });

  it.each([
    ["DE89370400440532013001", "check digits do not match"],
    ["DE88370400440532013000", "check digits do not match"],
    ["NL91ABNA0417164301", "check digits do not match"],
    ["DE8937040044053201300", "An IBAN from Germany has 22 characters; this one has 21."],
    ["FR14200410100505000130M2606X", "An IBAN from France has 27 characters"],
    ["NL9112340417164300", "not the layout of an IBAN from Netherlands"],
    ["XX89370400440532013000", "XX is not a country code that uses IBANs"],
    ["8937040044053201300000", "starts with a two-letter country code"],
    ["DEAB370400440532013000", "after the country code of an IBAN are digits"],
    ["DE89 3704 0044 0532 0130 0!", "only letters and digits"],
    ["", "Enter an IBAN."],
    ["D".repeat(65), "at most 34"],
  ])("refuses %s with a plain reason", (iban, reason) => {
    expect(codeOf(() => parseIban(iban))).toBe("VALIDATION_FAILED");
    expect(messageOf(() => parseIban(iban))).toContain(reason);
  });

  it("refuses non-strings, QR-IBANs and (by default) countries outside SEPA", () => {
    expect(codeOf(() => parseIban(12345))).toBe("VALIDATION_FAILED");
    expect(messageOf(() => parseIban("CH4431999123000889012"))).toContain("QR-IBAN");
    expect(messageOf(() => parseIban("BR1800360305000010009795493C1"))).toContain("outside the SEPA area");
    expect(parseIban("BR1800360305000010009795493C1", { sepaOnly: false })).toBe(
      "BR1800360305000010009795493C1",
    );
    expect(isIban("DE89370400440532013000")).toBe(true);
    expect(isIban("DE89370400440532013001")).toBe(false);
  });

  it("formats in groups of four and masks all but the country and the last four", () => {
    const iban = parseIban("DE89370400440532013000");
    expect(formatIban(iban)).toBe("DE89 3704 0044 0532 0130 00");
    expect(maskIban(iban)).toBe("DE•• •••• •••• •••• ••30 00");
    expect(maskIban(parseIban("BE68539007547034"))).toBe("BE•• •••• •••• 7034");
    // FR14 2004 1010 0505 0001 3M02 606: the last four (2606) straddle two groups.
    expect(maskIban(parseIban("FR1420041010050500013M02606"))).toBe("FR•• •••• •••• •••• •••• •••2 606");
  });
});

describe("BIC", () => {
  it("reads 8 or 11 characters in any case and treats blank as none", () => {
    expect(parseBic("cobadeffxxx")).toBe("COBADEFFXXX");
    expect(parseBic("COBA DE FF")).toBe("COBADEFF");
    expect(parseBic("  ")).toBeUndefined();
    expect(parseBic(undefined)).toBeUndefined();
  });

  it.each(["COBADEF", "COBADEFFXX", "COBA1EFF", "COBAXXFF", "COBADEFF-XX"])("refuses %s", (bic) => {
    expect(codeOf(() => parseBic(bic))).toBe("VALIDATION_FAILED");
  });
});

describe("account holder name", () => {
  it("accepts Latin names with accents, trimmed and with spaces collapsed", () => {
    expect(parseHolderName("  Zoë   Müller ")).toBe("Zoë Müller");
    expect(parseHolderName("O'Neill & Söhne GmbH (Berlin)")).toBe("O'Neill & Söhne GmbH (Berlin)");
    expect(parseHolderName("x".repeat(70))).toHaveLength(70);
  });

  it.each([
    ["", "Enter the account holder's name."],
    ["   ", "Enter the account holder's name."],
    ["x".repeat(71), "at most 70 characters"],
    ["Иван Петров", "Latin letters"],
    ["Shop 🙂", "Latin letters"],
    ["A\u0000B", "Latin letters"],
    ["...", "Enter the account holder's name."],
  ])("refuses %j", (name, reason) => {
    expect(codeOf(() => parseHolderName(name))).toBe("VALIDATION_FAILED");
    expect(messageOf(() => parseHolderName(name))).toContain(reason);
  });

  it("reads a whole payout account", () => {
    expect(
      parsePayoutAccount({ iban: "nl91 abna 0417 1643 00", holderName: "Jan de Vries", bic: "" }),
    ).toEqual({
      iban: "NL91ABNA0417164300",
      holderName: "Jan de Vries",
    });
    expect(
      parsePayoutAccount({ iban: "NL91ABNA0417164300", holderName: "Jan de Vries", bic: "abnanl2a" }).bic,
    ).toBe("ABNANL2A");
  });
});
