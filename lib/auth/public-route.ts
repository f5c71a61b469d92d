import "server-only";
import type { z } from "zod";
import { type Db, getDb } from "@/db/client";
import { readJsonBody } from "@/lib/http/read-body";
import { type RequestMeta, requestMetaFromHeaders } from "@/lib/http/request-meta";
import { errorResponse } from "./action-result";

export interface PublicRouteContext {
  db: Db;
  meta: RequestMeta;
}

export type WrappedRoute<Context> = ((request: Request) => Promise<Response>) & {
  run: (context: Context, request: Request) => Promise<Response>;
};

/**
 * A POST route handler anyone may call (sign-in and sign-up): parses the JSON body with `schema`, runs
 * `handler` and answers `{ data }` or `{ error: { code, message } }` with the error's status (429 with
 * Retry-After). Such handlers must rate-limit themselves.
 */
export function publicRoute<Schema extends z.ZodType, Result>(
  schema: Schema,
  handler: (context: PublicRouteContext & { input: z.output<Schema> }) => Promise<Result>,
): WrappedRoute<PublicRouteContext> {
  const run = async (context: PublicRouteContext, request: Request) => {
    try {
      const input = schema.parse(await readJsonBody(request));
      const data = await handler({ ...context, input });
      return Response.json({ data }, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return errorResponse(error);
    }
  };
  const route = async (request: Request) =>
    run({ db: getDb(), meta: requestMetaFromHeaders(request.headers) }, request);
  return Object.assign(route, { run });
}
