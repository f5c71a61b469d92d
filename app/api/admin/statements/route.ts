import { adminCsvRoute } from "@/lib/settlement/admin-csv-route";
import { exportStatementsCsv } from "@/lib/settlement/export-statements-csv";
import { statementFiltersSchema } from "@/lib/settlement/search-statements";

/** GET: the statements matching the filters (e.g. `?runId=run_…`) as CSV, for admins. */
export const GET = adminCsvRoute(statementFiltersSchema, async ({ db, actor, input }) => ({
  filename: `statements-${input.runId ?? "all"}.csv`,
  csv: await exportStatementsCsv(db, { actor, filters: input }),
}));
