import {
  type CreditorReference,
  formatCreditorReference,
  isCreditorReference,
} from "@/lib/banking/creditor-reference";
import { epcQrPayload } from "@/lib/banking/epc-qr";
import { formatIban } from "@/lib/banking/iban";
import { type ScripAccount, scripAccount } from "@/lib/banking/scrip-account";
import { moneyOf } from "@/lib/money/money";

/** An open invoice as its payment details read it. */
export interface PayableInvoice {
  kind: "invoice" | "payout";
  status: "open" | "settled";
  amountMinor: bigint;
  currency: string;
  creditorReference: string | null;
}

/** How to pay an open invoice: to whom, which reference, and (in euros) the EPC QR code's text. */
export interface InvoicePayment {
  /** Scrip's account holder name. */
  payee: string;
  /** Scrip's IBAN, printed in groups of four. */
  iban: string;
  bic: string | null;
  /** The RF reference as printed ("RF18 5390 0754 7034") and as typed (no spaces). */
  reference: string;
  referenceCompact: string;
  currency: string;
  /** The EPC QR ("GiroCode") payload; null for other currencies than EUR (SEPA credit transfers are in euros). */
  epcPayload: string | null;
}

/**
 * The payment details of an open invoice (none for payouts, settled invoices or an invoice without a reference):
 * Scrip's account (SCRIP_BANK_*), the invoice's RF creditor reference, and for euros the EPC QR payload asking for
 * exactly the amount due with that reference.
 */
export function invoicePaymentOf(
  invoice: PayableInvoice,
  env: Record<string, string | undefined> = process.env,
): InvoicePayment | null {
  if (invoice.kind !== "invoice" || invoice.status !== "open") return null;
  const reference = invoice.creditorReference;
  if (!reference || !isCreditorReference(reference)) return null;
  const account = scripAccount(env);
  return {
    payee: account.name,
    iban: formatIban(account.iban),
    bic: account.bic ?? null,
    reference: formatCreditorReference(reference as CreditorReference),
    referenceCompact: reference,
    currency: invoice.currency,
    epcPayload: invoice.currency === "EUR" ? epcPayloadOf(account, invoice.amountMinor, reference) : null,
  };
}

/** The EPC QR payload, or null when the QR code cannot carry it (an amount over €999,999,999.99). */
function epcPayloadOf(account: ScripAccount, amountMinor: bigint, reference: string): string | null {
  try {
    return epcQrPayload({
      beneficiary: { name: account.name, iban: account.iban, bic: account.bic },
      amount: moneyOf(amountMinor, "EUR"),
      reference: reference as CreditorReference,
    });
  } catch {
    return null;
  }
}
