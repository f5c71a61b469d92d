import { importBankStatement } from "@/lib/reconciliation/import-bank-statement";
import { adminBankFileRoute } from "@/lib/settlement/admin-bank-file-route";

/**
 * POST: an admin (settlement.write) uploads the bank's camt.053 statement as the raw request body (at most 5 MB);
 * answers what the import did, in counts.
 */
export const POST = adminBankFileRoute(async (db, actor, input) => {
  const result = await importBankStatement(db, actor, input);
  return {
    credits: result.credits,
    matched: result.matched,
    review: result.review,
    repeated: result.repeated,
  };
});
