import "server-only";
import type { z } from "zod";
import { errorResponse } from "@/lib/auth/action-result";
import { type AuthedContext, authenticate } from "@/lib/auth/authed-action";
import { requirePermission } from "@/lib/auth/permissions";
import type { WrappedRoute } from "@/lib/auth/public-route";
import { getRequestContext, type RequestContext } from "@/lib/auth/request-context";

/**
 * A GET route handler that answers a CSV download to a signed-in admin (`admin.read`): the query string is
 * parsed with `schema`; no session answers 401, anyone else 403, as JSON errors. Never cached.
 */
export function adminCsvRoute<Schema extends z.ZodType>(
  schema: Schema,
  handler: (
    context: AuthedContext<z.output<Schema>>,
  ) => Promise<{ filename: string; csv: string | ReadableStream<Uint8Array> }>,
): WrappedRoute<RequestContext> {
  const run = async (context: RequestContext, request: Request) => {
    try {
      const session = await authenticate(context);
      requirePermission(session.actor, "admin.read");
      const params = Object.fromEntries(new URL(request.url).searchParams);
      const input = schema.parse(params);
      const { filename, csv } = await handler({
        db: context.db,
        session,
        actor: session.actor,
        meta: context.meta,
        input,
      });
      return new Response(csv, {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
          "Cache-Control": "no-store",
          "X-Content-Type-Options": "nosniff",
        },
      });
    } catch (error) {
      return errorResponse(error);
    }
  };
  const route = async (request: Request) => run(await getRequestContext(), request);
  return Object.assign(route, { run });
}
