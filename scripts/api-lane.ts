/**
 * The API lane: scripts/server.ts hands `/api/v1/...` requests to the route handlers of app/api/v1/**\/route.ts
 * itself — the very functions Next.js would call — instead of through Next's request pipeline (routing, its
 * request contexts, the Web streams in and out), which costs more CPU per request than the handlers do.
 *
 * Only what is in `apiLaneRoutes` is served here, and only with exactly the path shapes Next would route the
 * same way (plain segments, no trailing slash, nothing percent-encoded) and the methods the module exports;
 * everything else — other paths (the JSON 404 of app/api/v1/[...path]), HEAD, OPTIONS, 405s, odd paths — goes
 * to Next unchanged. tests/unit/api-lane.test.ts proves the table names every route file and every method it
 * exports. Answers carry the headers Next adds to these routes (next.config.ts headers(): `securityHeaders`, and
 * Next's own Vary); HSTS and X-Scrip-Pid are set by scripts/server.ts before either path runs. What differs is
 * framing only: the lane sends a Content-Length where Next streams the body chunked.
 *
 * The Web Request carries the request's headers as scripts/server.ts left them (its client-address header set,
 * untrusted X-Forwarded-* removed). Next would also fill in X-Forwarded-For/-Host/-Port/-Proto; the API handlers
 * read none of them (only Authorization, Idempotency-Key and the body's Content-Length), so the lane does not.
 *
 * SCRIP_API_LANE=0 turns the lane off (every request through Next).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import {
  NEXT_ROUTER_PREFETCH_HEADER,
  NEXT_ROUTER_SEGMENT_PREFETCH_HEADER,
  NEXT_ROUTER_STATE_TREE_HEADER,
  RSC_HEADER,
} from "next/dist/client/components/app-router-headers";
import * as conversions from "@/app/api/v1/conversions/route";
import * as coupons from "@/app/api/v1/coupons/route";
import * as couponsVerify from "@/app/api/v1/coupons/verify/route";
import * as openApi from "@/app/api/v1/openapi.json/route";
import * as paymentRequest from "@/app/api/v1/payment-requests/[id]/route";
import * as paymentRequests from "@/app/api/v1/payment-requests/route";
import * as shop from "@/app/api/v1/shop/route";
import * as transferAccept from "@/app/api/v1/transfers/[id]/accept/route";
import * as transferDecline from "@/app/api/v1/transfers/[id]/decline/route";
import * as transfersAccept from "@/app/api/v1/transfers/accept/route";
import * as transfers from "@/app/api/v1/transfers/route";
import { apiOperations } from "@/lib/api/api-operations";
import { apiBodyBytesMax } from "@/lib/api/api-route";
import { errorResponse } from "@/lib/auth/action-result";
import { securityHeaders } from "@/lib/auth/security-headers";
import { getLogger } from "@/lib/observability/logger";

/** A route handler; its params are the `[name]` segments of its table path (typed per route in its module). */
type Handler = (request: Request, context: { params: Promise<never> }) => Response | Promise<Response>;
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Every app/api/v1 route, by its path as the file system names it (`[id]`: one segment), with the handlers its
 * route.ts exports. A route added under app/api/v1 fails tests/unit/api-lane.test.ts until it is listed here or
 * in `apiLaneLeftToNext`.
 */
export const apiLaneRoutes: Record<string, Partial<Record<Method, Handler>>> = {
  "/api/v1/conversions": { POST: conversions.POST },
  "/api/v1/coupons": { GET: coupons.GET },
  "/api/v1/coupons/verify": { POST: couponsVerify.POST },
  "/api/v1/openapi.json": { GET: openApi.GET },
  "/api/v1/payment-requests": { POST: paymentRequests.POST },
  "/api/v1/payment-requests/[id]": { GET: paymentRequest.GET },
  "/api/v1/shop": { GET: shop.GET },
  "/api/v1/transfers": { GET: transfers.GET },
  "/api/v1/transfers/[id]/accept": { POST: transferAccept.POST },
  "/api/v1/transfers/[id]/decline": { POST: transferDecline.POST },
  "/api/v1/transfers/accept": { POST: transfersAccept.POST },
};

/** The largest body any API operation reads (a batch accept's 1,000 ids need more than the default). */
const laneBodyBytesMax = Math.max(
  apiBodyBytesMax,
  ...Object.values(apiOperations).map((operation) =>
    "bodyBytesMax" in operation && typeof operation.bodyBytesMax === "number" ? operation.bodyBytesMax : 0,
  ),
);

/** Routes the lane leaves to Next: the catch-all JSON 404 (a path matching nothing above is Next's to answer). */
export const apiLaneLeftToNext: readonly string[] = ["/api/v1/[...path]"];

interface CompiledRoute {
  pattern: RegExp;
  names: string[];
  methods: Partial<Record<Method, Handler>>;
}

/** Characters of a path segment the lane serves: unreserved ones only, so nothing needs decoding. */
const segment = "[A-Za-z0-9_~-][A-Za-z0-9._~-]*";

function compile(routes: typeof apiLaneRoutes): CompiledRoute[] {
  return Object.entries(routes).map(([path, methods]) => {
    const names: string[] = [];
    const source = path
      .split("/")
      .map((part) => {
        const dynamic = /^\[(\w+)\]$/.exec(part);
        if (!dynamic) return part.replace(/[.]/g, "\\.");
        names.push(dynamic[1] as string);
        return `(${segment})`;
      })
      .join("/");
    return { pattern: new RegExp(`^${source}$`), names, methods };
  });
}

const compiled = compile(apiLaneRoutes);

/** The handler and params for a method and path (without query), or null: Next's to serve. */
export function matchApiLane(
  method: string,
  path: string,
): { handler: Handler; params: Record<string, string> } | null {
  for (const route of compiled) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const handler = route.methods[method as Method];
    if (!handler) return null;
    const params: Record<string, string> = {};
    route.names.forEach((name, index) => {
      params[name] = match[index + 1] as string;
    });
    return { handler, params };
  }
  return null;
}

/**
 * The request body, read up to one byte past the largest limit of any API operation: the handler's own bounded
 * reader (with its operation's limit) then answers 413 exactly as it does under Next (a declared Content-Length
 * over every limit is refused without reading).
 */
function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > laneBodyBytesMax) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = () => {
      request.off("data", onData);
      request.off("end", done);
      request.off("error", reject);
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total > laneBodyBytesMax) {
        request.pause();
        done();
      }
    };
    request.on("data", onData);
    request.on("end", done);
    request.on("error", reject);
  });
}

/** The Node request's headers as Web headers (repeated ones appended, as Next.js converts them). */
function webHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.append(name, value);
  }
  return headers;
}

/** A Host header that makes a well-formed URL; anything else is left to Next. */
const plainHost = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/**
 * The Vary header Next.js puts on every App Router response, route handlers included (base-server.ts
 * setVaryHeader, from the same constants), ahead of any Vary of the handler's own.
 */
const nextVary = `${RSC_HEADER}, ${NEXT_ROUTER_STATE_TREE_HEADER}, ${NEXT_ROUTER_PREFETCH_HEADER}, ${NEXT_ROUTER_SEGMENT_PREFETCH_HEADER}`;

/** Writes a Web Response to the Node response: status, headers and body in one write. */
async function send(response: Response, out: ServerResponse): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: OutgoingHttpHeaders = {};
  for (const { key, value } of securityHeaders) headers[key] = value;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const vary = response.headers.get("vary");
  headers.vary = vary ? `${nextVary}, ${vary}` : nextVary;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  headers["content-length"] = body.length;
  out.writeHead(response.status, headers);
  out.end(body);
}

/**
 * Serves the request if it is an API route in the table, and says whether it did: false means untouched, for
 * Next. Called after scripts/server.ts has set the client-address header and dropped untrusted X-Forwarded-*.
 */
export function serveApiLane(request: IncomingMessage, out: ServerResponse): boolean {
  const url = request.url;
  if (!url?.startsWith("/api/v1/")) return false;
  const queryAt = url.indexOf("?");
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const method = request.method ?? "GET";
  const matched = matchApiLane(method, path);
  if (!matched) return false;
  const host = request.headers.host ?? "";
  if (!plainHost.test(host)) return false;
  const origin = `${request.headers["x-forwarded-proto"] === "https" ? "https" : "http"}://${host}`;
  void (async () => {
    try {
      let response: Response;
      try {
        const body = method === "GET" || method === "HEAD" ? null : await readBody(request);
        const webRequest = new Request(origin + url, {
          method,
          headers: webHeaders(request),
          // A Buffer is a Uint8Array over an ordinary ArrayBuffer here (never a SharedArrayBuffer).
          body: body as Uint8Array<ArrayBuffer> | null,
        });
        response = await matched.handler(webRequest, {
          params: Promise.resolve(matched.params) as Promise<never>,
        });
      } catch (error) {
        // The handlers answer their own errors (AppError → 4xx); anything thrown past them is a 500, logged.
        response = errorResponse(error);
      }
      await send(response, out);
    } catch (error) {
      getLogger().error({ err: error, requestId: request.headers["x-request-id"] }, "API request failed");
      if (!out.headersSent) out.writeHead(500, { "Content-Type": "text/plain" });
      out.end("Internal Server Error");
    }
  })();
  return true;
}
