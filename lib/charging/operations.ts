import type { Operation } from "@/lib/auth/operations";

/** Most statements one settlement call marks at once. */
export const settleBatchMax = 200;

/** The operation an admin's passkey confirms to run charging for the period ending at `periodEnd`. */
export function chargingRunOperation(periodEnd: Date): Operation {
  return { type: "charging.run", periodEnd: periodEnd.toISOString() };
}

/** The operation an admin's passkey confirms to settle exactly these statements (order-independent). */
export function settleOperation(statementIds: readonly string[]): Operation {
  return { type: "settlement.settle", statementIds: [...new Set(statementIds)].sort() };
}
