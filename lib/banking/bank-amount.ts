import { AppError } from "@/lib/errors";
import { type Currency, currencyExponent, isCurrency } from "@/lib/money/currencies";
import { maxAmountMinor } from "@/lib/money/money";
import { attributeOf, quoted, textAt, textOf, type XmlNode } from "./xml-nodes";

const invalid = (message: string) => new AppError("VALIDATION_FAILED", message);

/**
 * Reads an ISO 20022 amount element (`<Amt Ccy="EUR">12.50</Amt>`) into bigint minor units, never through a float.
 * The amount must be positive (the sign of a bank amount is its CdtDbtInd), with at most the currency's decimals
 * (trailing zeros beyond them are fine: "12.500"), and in `currency`. `where` names the place for the message
 * ("Entry 3").
 */
export function readBankAmount(node: XmlNode | undefined, currency: Currency, where: string): bigint {
  const text = textOf(node);
  if (node === undefined || text === undefined) throw invalid(`${where} has no amount.`);
  const code = attributeOf(node, "Ccy");
  if (code === undefined) throw invalid(`${where} has an amount without a currency.`);
  if (code !== currency) {
    throw invalid(
      isCurrency(code)
        ? `${where} is in ${code}, but Scrip reads this account's files in ${currency} only.`
        : `${where} has the unknown currency ${quoted(code)}.`,
    );
  }
  const match = /^([0-9]{1,18})(?:\.([0-9]{1,5}))?$/.exec(text);
  if (!match) {
    throw invalid(`${where} has the amount ${quoted(text)}, which is not a positive amount such as 12.50.`);
  }
  const exponent = currencyExponent(currency);
  const fraction = match[2] ?? "";
  if (fraction.slice(exponent).replace(/0/g, "") !== "") {
    throw invalid(`${where} has the amount ${quoted(text)}, with more decimals than ${currency} has.`);
  }
  const minor = BigInt(`${match[1]}${fraction.slice(0, exponent).padEnd(exponent, "0")}`);
  if (minor === 0n) throw invalid(`${where} has an amount of zero.`);
  if (minor > maxAmountMinor) throw invalid(`${where} has an amount too large for Scrip.`);
  return minor;
}

/** "CRDT" → "credit", "DBIT" → "debit"; anything else is refused. */
export function readDirection(text: string | undefined, where: string): "credit" | "debit" {
  if (text === "CRDT") return "credit";
  if (text === "DBIT") return "debit";
  throw invalid(`${where} says neither credit (CRDT) nor debit (DBIT).`);
}

/** A DateAndDateTime2Choice (`<Dt>2026-11-30</Dt>` or `<DtTm>2026-11-30T10:00:00</DtTm>`) as YYYY-MM-DD. */
export function readBankDate(node: XmlNode | undefined, where: string): string | undefined {
  if (node === undefined) return undefined;
  const date = textAt(node, "Dt");
  const dateTime = textAt(node, "DtTm");
  const text = date ?? dateTime?.slice(0, 10);
  if (text === undefined || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text)) {
    throw invalid(`${where} has a date that is not written as YYYY-MM-DD.`);
  }
  return text;
}
