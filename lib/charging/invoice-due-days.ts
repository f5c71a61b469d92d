/** Days an invoice gives its party to pay when SCRIP_INVOICE_DUE_DAYS is not set. */
export const defaultInvoiceDueDays = 14;

/** The longest payment term SCRIP_INVOICE_DUE_DAYS accepts (a year). */
export const maxInvoiceDueDays = 365;

/**
 * Days after its charging run that an invoice is due, from `SCRIP_INVOICE_DUE_DAYS` (default 14): a whole number
 * from 0 (due at once) to 365. Anything else stops the start with a message saying what is wrong.
 */
export function invoiceDueDays(env: Record<string, string | undefined> = process.env): number {
  const text = env.SCRIP_INVOICE_DUE_DAYS?.trim();
  if (!text) return defaultInvoiceDueDays;
  if (!/^\d+$/.test(text) || Number(text) > maxInvoiceDueDays) {
    throw new Error(
      `SCRIP_INVOICE_DUE_DAYS must be a whole number of days from 0 to ${maxInvoiceDueDays} (got "${text}")`,
    );
  }
  return Number(text);
}
