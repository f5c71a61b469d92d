import "server-only";
import type { z } from "zod";
import { type Db, type DbOrTx, getDb, type Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { requireApiScope } from "@/lib/api-keys/api-key-scopes";
import { authenticateApiKey } from "@/lib/api-keys/verify-api-key";
import { errorResponse } from "@/lib/auth/action-result";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/read-body";
import { noteOperation } from "@/lib/observability/work-context";
import type { ApiOperation } from "./api-operations";
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  releaseIdempotentRequest,
  requestFingerprint,
  saveIdempotentProgress,
} from "./idempotency-records";

/** Largest request body the API reads. */
export const apiBodyBytesMax = 16 * 1024;

/** Requests one API key may make per minute (SCRIP_API_REQUESTS_PER_MINUTE, default 600). */
export function apiRequestsPerMinute(env: Record<string, string | undefined> = process.env): number {
  const configured = Number(env.SCRIP_API_REQUESTS_PER_MINUTE);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : 600;
}

type Output<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

export interface ApiContext<Op extends ApiOperation> {
  /**
   * The database, or for POST the transaction that also stores the idempotent response. A read sent as POST
   * (`idempotency: "optional"`) without an Idempotency-Key gets the database: it changes nothing, so it needs no
   * transaction (and saves the BEGIN and COMMIT round trips on the API's busiest call, coupon verification).
   */
  db: DbOrTx;
  actor: Extract<Actor, { kind: "shop" }>;
  shopId: string;
  params: Output<Op["params"]>;
  query: Output<Op["query"]>;
  body: Output<Op["body"]>;
  /** Operations that commit in steps (`commits: "in-steps"`) only; `db` is then the database itself. */
  progress?: ApiProgress;
}

/** How a request that commits in steps records and finds what its steps decided (see saveIdempotentProgress). */
export interface ApiProgress {
  /** What an earlier attempt under the same Idempotency-Key committed before it died, or null on a fresh key. */
  saved: unknown;
  /** Records `progress` in the step's transaction `tx`, renewing the lease; refused if a retry took over. */
  save: (tx: Tx, progress: unknown) => Promise<void>;
}

export type ApiRoute<Params> = ((
  request: Request,
  context: { params: Promise<Params> },
) => Promise<Response>) & {
  /** The same handler against an explicit database, for tests. */
  run: (context: { db: Db }, request: Request, params?: Record<string, string>) => Promise<Response>;
};

async function authenticate(db: Db, request: Request) {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (!match?.[1])
    throw new AppError("UNAUTHENTICATED", "Send your API key as `Authorization: Bearer <key>`.");
  // The key, its shop and the key's request count in one round trip (verify-api-key.ts), nothing cached.
  return authenticateApiKey(db, match[1], {
    limit: apiRequestsPerMinute(),
    windowSeconds: 60,
    message: "This API key made too many requests; retry after the time in Retry-After.",
  });
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

/**
 * A REST API v1 route: authenticates the bearer API key (401), counts the key's rate limit (429 with
 * Retry-After), checks the operation's scopes (403), parses params, query and body with the operation's zod
 * schemas (400; bodies over `apiBodyBytesMax` 413), requires `Idempotency-Key` on POSTs that change something
 * (400 without it) and honours it on every POST, and answers
 * `{ data }` checked against the operation's response schema, or `{ error: { code, message } }`.
 */
export function apiRoute<Op extends ApiOperation, Params = Record<string, string>>(
  operation: Op,
  handler: (context: ApiContext<Op>) => Promise<z.input<Op["response"]>>,
): ApiRoute<Params> {
  if (operation.commits === "in-steps" && operation.idempotency !== "required")
    throw new Error(`${operation.operationId}: an operation that commits in steps needs an Idempotency-Key`);
  const run = async ({ db }: { db: Db }, request: Request, rawParams: Record<string, string> = {}) => {
    noteOperation(operation.operationId);
    try {
      if (request.method !== operation.method)
        throw new AppError("VALIDATION_FAILED", `Use ${operation.method}.`);
      const actor = await authenticate(db, request);
      if (operation.scopes !== "any") requireApiScope(actor, operation.scopes, actor.shopId);
      const params = (operation.params ? operation.params.parse(rawParams) : {}) as Output<Op["params"]>;
      const query = (
        operation.query ? operation.query.parse(Object.fromEntries(new URL(request.url).searchParams)) : {}
      ) as Output<Op["query"]>;
      const rawBody =
        operation.method === "POST"
          ? await readJsonBody(request, operation.bodyBytesMax ?? apiBodyBytesMax)
          : undefined;
      const body = (operation.body ? operation.body.parse(rawBody) : {}) as Output<Op["body"]>;
      const respond = async (tx: DbOrTx, progress?: ApiProgress) => {
        const result = await handler({ db: tx, actor, shopId: actor.shopId, params, query, body, progress });
        const checked = operation.response.safeParse(result);
        // A response that breaks its own documented schema is a bug on our side (500), never the client's.
        if (!checked.success)
          throw new Error(`${operation.operationId}: response does not match its schema`, {
            cause: checked.error,
          });
        return { data: checked.data as unknown };
      };
      const key = request.headers.get("idempotency-key");
      if (operation.method === "POST" && key === null && operation.idempotency === "required") {
        throw new AppError(
          "IDEMPOTENCY_KEY_REQUIRED",
          "Send an Idempotency-Key header (a unique value per request, e.g. a UUID) so a retry cannot repeat this.",
        );
      }
      if (operation.method !== "POST" || key === null) {
        const inOneTransaction = operation.method === "POST" && operation.idempotency !== "optional";
        const payload = inOneTransaction ? await inTransaction(db, respond) : await respond(db);
        return json(operation.successStatus, payload);
      }
      const path = new URL(request.url).pathname;
      const start = await beginIdempotentRequest(db, {
        shopId: actor.shopId,
        key,
        fingerprint: requestFingerprint(operation.method, path, rawBody),
      });
      if (start.kind === "replay") return json(start.status, start.body, { "Idempotent-Replayed": "true" });
      const lease = { shopId: actor.shopId, key, leaseToken: start.leaseToken };
      try {
        if (operation.commits === "in-steps") {
          const progress: ApiProgress = {
            saved: start.progress,
            save: (tx, saved) => saveIdempotentProgress(tx, { ...lease, progress: saved }),
          };
          const result = await respond(db, progress);
          await completeIdempotentRequest(db, { ...lease, status: operation.successStatus, body: result });
          return json(operation.successStatus, result);
        }
        const payload = await inTransaction(db, async (tx) => {
          const result = await respond(tx);
          // Refused (and the whole change rolled back) when a retry took the lease over meanwhile.
          await completeIdempotentRequest(tx, { ...lease, status: operation.successStatus, body: result });
          return result;
        });
        return json(operation.successStatus, payload);
      } catch (error) {
        // With the database away (a failover) the release fails too: the original error is the one to answer,
        // and the claim's lease then runs out by itself.
        await releaseIdempotentRequest(db, lease).catch(() => {});
        throw error;
      }
    } catch (error) {
      return errorResponse(error);
    }
  };
  const route = async (request: Request, context: { params: Promise<Params> }) =>
    run({ db: getDb() }, request, ((await context?.params) ?? {}) as Record<string, string>);
  return Object.assign(route, { run });
}
