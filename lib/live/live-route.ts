import "server-only";
import { errorResponse } from "@/lib/auth/action-result";
import { getRequestContext, type RequestContext } from "@/lib/auth/request-context";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { logUnexpectedError } from "@/lib/observability/work-context";
import type { LiveHub } from "./live-hub";
import { type LiveSubscriber, liveSubscribersOf } from "./live-sessions";
import { openLiveStream, parseLastEventId } from "./open-live-stream";

async function subscriberOf(context: RequestContext): Promise<LiveSubscriber> {
  const [subscriber] = isId("session", context.sessionId)
    ? await liveSubscribersOf(context.db, [context.sessionId])
    : [];
  if (!subscriber) throw new AppError("UNAUTHENTICATED", "Please sign in to continue.");
  return subscriber;
}

async function hubOrUnavailable(getHub: () => Promise<LiveHub>): Promise<LiveHub> {
  try {
    return await getHub();
  } catch (error) {
    logUnexpectedError("Live updates are unavailable", error);
    throw new AppError(
      "UNAVAILABLE",
      "Live updates are unavailable right now; the page will try again shortly.",
      {
        retryAfterSeconds: 30,
      },
    );
  }
}

/**
 * The live stream's route handlers. GET: the signed-in browser's event stream (401 without a usable session, 503
 * with Retry-After when this process serves as many streams as it may). HEAD: the same answer without a stream,
 * which the page asks when its stream could not be opened (to stop on 401, or fall back to polling).
 * `run`/`probe` take an explicit request context (tests).
 */
export function liveRoute(getHub: () => Promise<LiveHub>) {
  const run = async (context: RequestContext, request: Request): Promise<Response> => {
    try {
      const subscriber = await subscriberOf(context);
      const hub = await hubOrUnavailable(getHub);
      const lastEventId = parseLastEventId(
        request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after"),
      );
      return await openLiveStream({ hub, db: context.db, subscriber, lastEventId, signal: request.signal });
    } catch (error) {
      return errorResponse(error);
    }
  };
  const probe = async (context: RequestContext): Promise<Response> => {
    try {
      await subscriberOf(context);
      const hub = await hubOrUnavailable(getHub);
      if (hub.size >= hub.config.maxConnections) {
        return new Response(null, {
          status: 503,
          headers: { "Retry-After": String(hub.config.retryAfterSeconds) },
        });
      }
      return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      const response = errorResponse(error);
      return new Response(null, { status: response.status, headers: response.headers });
    }
  };
  return {
    GET: async (request: Request) => run(await getRequestContext(), request),
    HEAD: async () => probe(await getRequestContext()),
    run,
    probe,
  };
}
