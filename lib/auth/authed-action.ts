import "server-only";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { type ActiveSession, getActiveSession } from "@/lib/sessions/get-active-session";
import { type ActionResult, actionFailure } from "./action-result";
import { getRequestContext, type RequestContext } from "./request-context";

/** What an authenticated action's handler receives. */
export interface AuthedContext<Input> {
  db: Db;
  session: ActiveSession;
  actor: ActiveSession["actor"];
  meta: RequestMeta;
  input: Input;
}

/**
 * A server action, plus `run(context, input)`: the same action against an explicit request context, which
 * the authorisation-matrix tests call to bypass cookies and the UI.
 */
export type WrappedAction<Schema extends z.ZodType, Result> = ((
  input: z.input<Schema>,
) => Promise<ActionResult<Result>>) & {
  run: (context: RequestContext, input: unknown) => Promise<ActionResult<Result>>;
};

/** Authenticates the session of `context`, or throws UNAUTHENTICATED. */
export async function authenticate(context: RequestContext): Promise<ActiveSession> {
  const session = await getActiveSession(context.db, context.sessionId);
  if (!session) throw new AppError("UNAUTHENTICATED", "Please sign in to continue.");
  return session;
}

/** What a handler receives once the request is authenticated and its input parsed. */
export function authedContext<Input>(
  context: RequestContext,
  session: ActiveSession,
  input: Input,
): AuthedContext<Input> {
  return { db: context.db, session, actor: session.actor, meta: context.meta, input };
}

/**
 * Builds a server action that authenticates the session, lets `authorise` check the actor, parses the input
 * with `schema`, runs `handler`, and maps every failure to an ActionResult error.
 */
export function defineAction<Schema extends z.ZodType, Result>(
  schema: Schema,
  authorise: (session: ActiveSession, input: z.output<Schema>) => void,
  handler: (context: AuthedContext<z.output<Schema>>) => Promise<Result>,
): WrappedAction<Schema, Result> {
  const run = async (context: RequestContext, rawInput: unknown): Promise<ActionResult<Result>> => {
    try {
      const session = await authenticate(context);
      const input = schema.parse(rawInput);
      authorise(session, input);
      const data = await handler(authedContext(context, session, input));
      return { ok: true, data };
    } catch (error) {
      return actionFailure(error);
    }
  };
  const action = async (input: z.input<Schema>) => run(await getRequestContext(), input);
  return Object.assign(action, { run });
}

/** A server action for any signed-in person (a consumer at least). */
export function authedAction<Schema extends z.ZodType, Result>(
  schema: Schema,
  handler: (context: AuthedContext<z.output<Schema>>) => Promise<Result>,
): WrappedAction<Schema, Result> {
  return defineAction(schema, () => {}, handler);
}
