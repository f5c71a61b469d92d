import "server-only";
import type { DbOrTx } from "@/db/client";
import { errorResponse } from "@/lib/auth/action-result";
import type { Actor } from "@/lib/auth/actor";
import { authenticate } from "@/lib/auth/authed-action";
import { requirePermission } from "@/lib/auth/permissions";
import type { WrappedRoute } from "@/lib/auth/public-route";
import { getRequestContext, type RequestContext } from "@/lib/auth/request-context";
import { maxBankFileBytes } from "@/lib/banking/read-bank-xml";
import { readLimitedBody } from "@/lib/http/read-body";

/**
 * A POST route handler for a bank file an admin uploads (`settlement.write`): the raw body, at most
 * `maxBankFileBytes`, goes to `handler`, whose answer is sent as JSON; no session answers 401, anyone else 403, a
 * larger body 413, as JSON errors. Never cached. The domain function checks the permission again.
 */
export function adminBankFileRoute(
  handler: (db: DbOrTx, actor: Actor, input: { bytes: Uint8Array; ip: string | null }) => Promise<unknown>,
): WrappedRoute<RequestContext> {
  const run = async (context: RequestContext, request: Request) => {
    try {
      const session = await authenticate(context);
      requirePermission(session.actor, "settlement.write");
      const bytes = new Uint8Array(await readLimitedBody(request, maxBankFileBytes));
      const body = await handler(context.db, session.actor, { bytes, ip: context.meta.ip });
      return Response.json(body, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return errorResponse(error);
    }
  };
  const route = async (request: Request) => run(await getRequestContext(), request);
  return Object.assign(route, { run });
}
