import type { Operation } from "@/lib/auth/operations";

/** Most statements one settlement call marks at once. */
export const settleBatchMax = 200;

/**
 * The operation an admin's passkey confirms to run charging for the period ending at `periodEnd`, or ending "now":
 * then the passkey confirms closing the period at the moment the run starts, which the server reads from its own
 * clock (a browser never names the time, so an old confirmation cannot close a different period than the current).
 */
export function chargingRunOperation(periodEnd: Date | "now"): Operation {
  return { type: "charging.run", periodEnd: periodEnd === "now" ? "now" : periodEnd.toISOString() };
}

/** The operation an admin's passkey confirms to settle exactly these statements (order-independent). */
export function settleOperation(statementIds: readonly string[]): Operation {
  return { type: "settlement.settle", statementIds: [...new Set(statementIds)].sort() };
}
