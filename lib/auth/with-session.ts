import "server-only";
import type { z } from "zod";
import { readJsonBody } from "@/lib/http/read-body";
import { errorResponse } from "./action-result";
import { type AuthedContext, authedContext, authenticate } from "./authed-action";
import type { Permission } from "./permissions";
import { requirePermission } from "./permissions";
import type { WrappedRoute } from "./public-route";
import { getRequestContext, type RequestContext } from "./request-context";

/**
 * A route handler for a signed-in person holding `permission`: no valid session answers 401 and a missing
 * permission 403, as `{ error: { code, message } }`; otherwise `{ data }`.
 */
export function withSession<Schema extends z.ZodType, Result>(
  permission: Permission,
  schema: Schema,
  handler: (context: AuthedContext<z.output<Schema>>) => Promise<Result>,
): WrappedRoute<RequestContext> {
  const run = async (context: RequestContext, request: Request) => {
    try {
      const session = await authenticate(context);
      requirePermission(session.actor, permission);
      const input = schema.parse(await readJsonBody(request));
      const data = await handler(authedContext(context, session, input));
      return Response.json({ data }, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return errorResponse(error);
    }
  };
  const route = async (request: Request) => run(await getRequestContext(), request);
  return Object.assign(route, { run });
}
