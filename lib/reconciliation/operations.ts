import type { Operation } from "@/lib/auth/operations";

/** The operation an admin's passkey confirms to settle the invoice `reference` with the bank credit `creditId`. */
export function matchCreditOperation(creditId: string, reference: string): Operation {
  return { type: "bank.credit_match", creditId, reference };
}
