/**
 * One HTTP request as a unit of work: scripts/server.ts runs each request through `observeRequest`, which gives it
 * a request id (a plain incoming X-Request-Id, e.g. from HAProxy, else a fresh one; echoed in the response), runs
 * it inside the work context (so handlers can name the actor and operation, and count what they wrote), and when
 * the response is done writes one log line and one latency observation.
 *
 * Log line fields: requestId, method, route (the route pattern), status, outcome (ok; failed: 4xx or an error
 * answered as data, e.g. a server action's `{ ok: false }`; error: 5xx; aborted: the client left first),
 * durationMs, and where known actor, operation and errorCode.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { getMetrics, statusClass } from "./metrics";
import type { RouteMatcher } from "./route-pattern";
import { countCompletedWork, type WorkContext } from "./work-context";
import { requestIdFrom, runAsWork } from "./work-storage";

const knownMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export type RequestOutcome = "ok" | "failed" | "error" | "aborted";

/** How a request ended, from its status, whether the response was completed, and what the handlers noted. */
export function requestOutcome(status: number, finished: boolean, work: WorkContext): RequestOutcome {
  if (!finished) return "aborted";
  if (status >= 500) return "error";
  if (status >= 400 || work.errorCode) return "failed";
  return "ok";
}

/** Serves `request` through `serve` as one observed unit of work. */
export function observeRequest(
  request: IncomingMessage,
  response: ServerResponse,
  options: { logger: Logger; route: RouteMatcher },
  serve: () => void,
): void {
  const started = performance.now();
  const requestId = requestIdFrom(request.headers["x-request-id"]);
  request.headers["x-request-id"] = requestId;
  response.setHeader("X-Request-Id", requestId);
  runAsWork(requestId, (work) => {
    response.once("close", () => {
      const durationMs = performance.now() - started;
      const method = knownMethods.has(request.method ?? "") ? (request.method as string) : "OTHER";
      const url = request.url ?? "/";
      const queryAt = url.indexOf("?");
      const route = options.route(queryAt === -1 ? url : url.slice(0, queryAt));
      const status = response.statusCode;
      const outcome = requestOutcome(status, response.writableFinished, work);
      // A client that left early does not undo what was committed for it: only the status and noted failures count.
      countCompletedWork(work, status < 400);
      getMetrics().requestDuration.observe(
        { route, method, status_class: statusClass(status) },
        durationMs / 1000,
      );
      options.logger[outcome === "error" ? "error" : "info"](
        {
          requestId,
          method,
          route,
          status,
          outcome,
          durationMs: Math.round(durationMs * 10) / 10,
          ...(work.actor ? { actor: work.actor } : {}),
          ...(work.operation ? { operation: work.operation } : {}),
          ...(work.errorCode ? { errorCode: work.errorCode } : {}),
        },
        "request",
      );
    });
    serve();
  });
}
