import { describe, expect, it } from "vitest";
import { scripAccount } from "./scrip-account";

describe("Scrip's own bank account", () => {
  it("stands in the demo account when none is configured", () => {
    const account = scripAccount({});
    expect(account).toMatchObject({ iban: "DE89370400440532013000", demo: true });
  });

  it("reads a configured account with the payout-account rules", () => {
    const account = scripAccount({
      SCRIP_BANK_IBAN: "fr14 2004 1010 0505 0001 3m02 606",
      SCRIP_BANK_BIC: "",
      SCRIP_BANK_NAME: "Scrip  SAS",
    });
    expect(account).toEqual({
      iban: "FR1420041010050500013M02606",
      bic: undefined,
      name: "Scrip SAS",
      demo: false,
    });
  });

  it("names the variable that is wrong", () => {
    expect(() =>
      scripAccount({ SCRIP_BANK_IBAN: "DE00370400440532013000", SCRIP_BANK_NAME: "Scrip" }),
    ).toThrow(/^SCRIP_BANK_IBAN is not valid/);
    expect(() => scripAccount({ SCRIP_BANK_IBAN: "DE89370400440532013000" })).toThrow(
      /^SCRIP_BANK_NAME is not valid/,
    );
    expect(() =>
      scripAccount({ SCRIP_BANK_IBAN: "DE89370400440532013000", SCRIP_BANK_NAME: "S", SCRIP_BANK_BIC: "XX" }),
    ).toThrow(/^SCRIP_BANK_BIC is not valid/);
  });
});
