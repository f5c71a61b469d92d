/**
 * The words for the ISO 20022 return and reject reason codes banks use on SEPA credit transfers (the EPC's
 * R-transaction list), as a person reads them after "Returned by the bank on …: ".
 */
const reasons: Readonly<Record<string, string>> = {
  AC01: "the account number is wrong",
  AC04: "the account is closed",
  AC06: "the account is blocked",
  AC13: "the account cannot take this kind of payment",
  AG01: "the bank does not allow this payment to the account",
  AG02: "the bank refused the payment",
  AM05: "it was a duplicate",
  BE04: "the bank needs the holder's address",
  CNOR: "the receiving bank cannot be reached",
  DNOR: "the receiving bank cannot be reached",
  FF01: "the file could not be read",
  MD07: "the account holder has died",
  MS02: "the account holder refused it",
  MS03: "the bank gave no reason",
  RC01: "the bank code is wrong",
  RR01: "the bank needs more details of the account holder",
  RR02: "the bank needs the holder's name and address",
  RR03: "the bank needs the holder's name and address",
  RR04: "of rules the bank must follow",
  TM01: "it arrived after the bank's cut-off time",
};

/** A plain sentence fragment for a return `code` ("the account is closed"); a general one for codes not listed. */
export function returnReasonWords(code: string | null | undefined): string {
  return (code && reasons[code]) || "the bank did not accept it";
}
