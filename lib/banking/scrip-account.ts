import { type Bic, type Iban, parseBic, parseHolderName, parseIban } from "./iban";

/**
 * The example account of the ISO 13616 / German bank documentation, used only when Scrip runs without its own
 * (the demo and the tests): bank files and invoices then name an account nobody can pay into.
 */
export const demoScripAccount = {
  iban: "DE89370400440532013000",
  bic: "COBADEFFXXX",
  name: "Scrip Demo Issuer",
} as const;

/** Scrip's own bank account: invoices ask to be paid into it, payout files pay out of it. */
export interface ScripAccount {
  iban: Iban;
  bic: Bic | undefined;
  name: string;
  /** True when no account is configured and the demo account stands in. */
  demo: boolean;
}

/**
 * Scrip's bank account from `SCRIP_BANK_IBAN`, `SCRIP_BANK_BIC` (optional) and `SCRIP_BANK_NAME`, checked with the
 * same rules as everyone's payout accounts; the demo account when `SCRIP_BANK_IBAN` is unset. A set but invalid
 * value stops with a message saying which variable is wrong.
 */
export function scripAccount(env: Record<string, string | undefined> = process.env): ScripAccount {
  const ibanText = env.SCRIP_BANK_IBAN?.trim();
  if (!ibanText) {
    return {
      iban: parseIban(demoScripAccount.iban),
      bic: parseBic(demoScripAccount.bic),
      name: demoScripAccount.name,
      demo: true,
    };
  }
  const read = <T>(variable: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      throw new Error(`${variable} is not valid: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    iban: read("SCRIP_BANK_IBAN", () => parseIban(ibanText)),
    bic: read("SCRIP_BANK_BIC", () => parseBic(env.SCRIP_BANK_BIC)),
    name: read("SCRIP_BANK_NAME", () => parseHolderName(env.SCRIP_BANK_NAME ?? "")),
    demo: false,
  };
}
