"use server";

import { z } from "zod";
import { adminAction } from "@/lib/auth/admin-action";
import { runLedgerCheck } from "@/lib/ledger/run-ledger-check";

/** Runs the ledger check now; returns each violated invariant with its message and up to 5 sample rows. */
export const checkLedgerAction = adminAction("admin.read", z.object({}), async ({ db, actor, meta }) => {
  const result = await runLedgerCheck(db, { actor, ip: meta.ip });
  return {
    checkedAt: result.checkedAt.toISOString(),
    violations: result.violations.map((violation) => ({
      invariant: violation.invariant,
      message: violation.message,
      sample: JSON.stringify(violation.rows.slice(0, 5), (_, value) =>
        typeof value === "bigint" ? value.toString() : value,
      ).slice(0, 2000),
    })),
  };
});
