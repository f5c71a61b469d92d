import { errorResponse } from "@/lib/auth/action-result";
import { authenticate } from "@/lib/auth/authed-action";
import { requirePermission } from "@/lib/auth/permissions";
import { getRequestContext, type RequestContext } from "@/lib/auth/request-context";
import { maxBankFileBytes } from "@/lib/banking/read-bank-xml";
import { readLimitedBody } from "@/lib/http/read-body";
import { importBankStatement } from "@/lib/reconciliation/import-bank-statement";

/** The upload for a known request context (the authorisation matrix calls it directly). */
async function run(context: RequestContext, request: Request): Promise<Response> {
  try {
    const session = await authenticate(context);
    requirePermission(session.actor, "settlement.write");
    const bytes = await readLimitedBody(request, maxBankFileBytes);
    const result = await importBankStatement(context.db, session.actor, {
      bytes: new Uint8Array(bytes),
      ip: context.meta.ip,
    });
    return Response.json(
      { credits: result.credits, matched: result.matched, review: result.review, repeated: result.repeated },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * POST: an admin (settlement.write) uploads the bank's camt.053 statement as the raw request body (at most 5 MB);
 * answers what the import did, in counts.
 */
export const POST = Object.assign(async (request: Request) => run(await getRequestContext(), request), {
  run,
});
