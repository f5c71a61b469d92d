import { z } from "zod";
import { adminCsvRoute } from "@/lib/settlement/admin-csv-route";
import { exportPostingsCsv } from "@/lib/settlement/export-postings-csv";
import { plainText } from "@/lib/validation/text";

/** GET: the postings of a run (`?runId=run_…`), or the unbilled postings without one, as CSV, for admins. */
export const GET = adminCsvRoute(
  z.object({ runId: plainText("a run id").min(1).max(40).optional() }),
  async ({ db, actor, input }) => ({
    filename: `postings-${input.runId ?? "unbilled"}.csv`,
    csv: await exportPostingsCsv(db, { actor, runId: input.runId }),
  }),
);
