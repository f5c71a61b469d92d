import { errorResponse } from "@/lib/auth/action-result";
import { authenticate } from "@/lib/auth/authed-action";
import { requirePermission } from "@/lib/auth/permissions";
import type { RequestContext } from "@/lib/auth/request-context";
import { maxBankFileBytes } from "@/lib/banking/read-bank-xml";
import { readLimitedBody } from "@/lib/http/read-body";
import { importBankAnswer } from "@/lib/payouts/import-bank-answer";

/**
 * Uploads a bank's answer to a payout file (POST, the camt.054 or pain.002 file's bytes as the body, at most
 * 5 MB): admins with settlement.write only. Answers the counts the page shows.
 */
export async function runBankAnswerUpload(context: RequestContext, request: Request) {
  try {
    const session = await authenticate(context);
    requirePermission(session.actor, "settlement.write");
    const bytes = await readLimitedBody(request, maxBankFileBytes);
    const result = await importBankAnswer(context.db, session.actor, { bytes, ip: context.meta.ip });
    return Response.json(
      {
        data: {
          alreadyImported: result.alreadyImported,
          sent: result.sent,
          returned: result.returned.map((line) => ({
            amountMinor: `${line.amountMinor}`,
            reasonCode: line.reasonCode,
          })),
          notOurs: result.notOurs.length,
          unchanged: result.unchanged,
        },
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
