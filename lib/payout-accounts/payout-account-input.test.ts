import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { maskedIban, maskIban, parsePayoutAccountInput } from "./payout-account-input";

const refusal = (input: Parameters<typeof parsePayoutAccountInput>[0]): string => {
  try {
    parsePayoutAccountInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION_FAILED");
    return (error as AppError).message;
  }
  throw new Error("accepted");
};

describe("parsePayoutAccountInput", () => {
  it.each([
    ["DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "DE"],
    ["fr14 2004 1010 0505 0001 3m02 606", "FR1420041010050500013M02606", "FR"],
    ["NL91ABNA0417164300", "NL91ABNA0417164300", "NL"],
    ["AT61-1904-3002-3457-3201", "AT611904300234573201", "AT"],
    ["  BE68 5390 0754 7034 ", "BE68539007547034", "BE"],
  ])("accepts %s as %s", (typed, iban, country) => {
    expect(parsePayoutAccountInput({ iban: typed, holderName: " Ada  Lovelace " })).toEqual({
      iban,
      country,
      bic: null,
      holderName: "Ada Lovelace",
    });
  });

  it("accepts a BIC of the IBAN's country, in any case and spacing", () => {
    expect(
      parsePayoutAccountInput({ iban: "DE89370400440532013000", holderName: "Ada", bic: " cobadeff xxx" })
        .bic,
    ).toBe("COBADEFFXXX");
    expect(parsePayoutAccountInput({ iban: "DE89370400440532013000", holderName: "Ada", bic: "" }).bic).toBe(
      null,
    );
  });

  it("names what is wrong with an IBAN", () => {
    expect(refusal({ iban: "DE89 3704 0044 0532 0130 01", holderName: "Ada" })).toBe(
      "This IBAN has a typing mistake: its check digits do not match. Copy it again from a bank statement.",
    );
    expect(refusal({ iban: "DE89 3704 0044 0532 0130 0", holderName: "Ada" })).toMatch(
      /An IBAN from Germany has 22 characters; this one has 21/,
    );
    expect(refusal({ iban: "XX89 3704 0044 0532 0130 00", holderName: "Ada" })).toMatch(
      /is not a country code that uses IBANs/,
    );
    expect(refusal({ iban: "", holderName: "Ada" })).toMatch(/Enter an IBAN/);
    expect(refusal({ iban: "DE89/3704", holderName: "Ada" })).toMatch(/only letters and digits/);
    expect(refusal({ iban: "D".repeat(200), holderName: "Ada" })).toMatch(/at most 34 letters and digits/);
  });

  it("refuses a malformed BIC and one of another country", () => {
    expect(refusal({ iban: "DE89370400440532013000", holderName: "Ada", bic: "COBA" })).toMatch(
      /8 or 11 letters and digits/,
    );
    expect(refusal({ iban: "DE89370400440532013000", holderName: "Ada", bic: "ABNANL2A" })).toBe(
      "This BIC is of a bank in Netherlands, but the IBAN is from Germany. Check both, or leave the BIC empty.",
    );
  });

  it("limits the holder's name to 1–70 plain characters", () => {
    const iban = "DE89370400440532013000";
    expect(parsePayoutAccountInput({ iban, holderName: "Z".repeat(70) }).holderName).toHaveLength(70);
    expect(refusal({ iban, holderName: "Z".repeat(71) })).toMatch(/at most 70 characters/);
    expect(refusal({ iban, holderName: "   " })).toMatch(/Enter the account holder's name/);
    expect(refusal({ iban, holderName: "Ada\u0000" })).toMatch(/Latin letters/);
    expect(refusal({ iban, holderName: "Ada\u202e" })).toMatch(/Latin letters/);
  });
});

describe("maskIban", () => {
  it("shows the country and the last four only, in groups of four", () => {
    expect(maskIban("DE89370400440532013000")).toBe("DE•• •••• •••• •••• ••30 00");
    expect(maskIban("BE68 5390 0754 7034")).toBe("BE•• •••• •••• 7034");
    expect(maskedIban({ country: "NL", length: 18, last4: "4300" })).toBe("NL•• •••• •••• ••43 00");
  });
});
