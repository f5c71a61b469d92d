/**
 * Helpers of the REST API tests (not a test file itself): shops with API keys, calls of the route handlers
 * with real `Request`s, and validation of responses against the served OpenAPI document.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { GET as openApiRoute } from "../../app/api/v1/openapi.json/route";
import type { Db } from "../../db/client";
import { coupons } from "../../db/schema";
import type { ApiRoute } from "../../lib/api/api-route";
import { createApiKey } from "../../lib/api-keys/create-api-key";
import { systemActor } from "../../lib/auth/actor";
import { couponTokenOf } from "../../lib/coupons/get-coupon-token";
import { createTestShop } from "./auth-sessions";

export const origin = "http://localhost:3000";

export async function shopWithKey(db: Db, scopes: string[] = ["read", "payments", "conversions"]) {
  const shop = await createTestShop(db);
  const { key, id } = await createApiKey(db, systemActor("test"), {
    shopId: shop.shopId,
    name: "test",
    scopes,
  });
  return { ...shop, key, keyId: id };
}

export async function keyFor(db: Db, shopId: string, scopes: string[]) {
  return (await createApiKey(db, systemActor("test"), { shopId, name: "extra", scopes })).key;
}

export interface Call {
  key?: string | null;
  body?: unknown;
  rawBody?: string;
  /** Omitted: a fresh random key on POST (as a careful client sends); null: no header at all. */
  idempotencyKey?: string | null;
  query?: Record<string, string>;
  params?: Record<string, string>;
}

/** Calls a route handler like Next would, with a real Request. */
export async function call(
  db: Db,
  route: Pick<ApiRoute<never>, "run">,
  method: "GET" | "POST",
  path: string,
  options: Call = {},
) {
  const url = new URL(`${origin}/api/v1${path}`);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const headers: Record<string, string> = {};
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  const idempotencyKey =
    options.idempotencyKey === undefined && method === "POST"
      ? `test-${randomUUID()}`
      : options.idempotencyKey;
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  let body: string | undefined;
  if (method === "POST") {
    headers["Content-Type"] = "application/json";
    body = options.rawBody ?? JSON.stringify(options.body ?? {});
  }
  const response = await route.run({ db }, new Request(url, { method, headers, body }), options.params);
  const json = (await response.json()) as Record<string, unknown>;
  return { status: response.status, json, headers: response.headers };
}

type OpenApi = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: { "application/json": { schema: object } } }> }>
  >;
  components: { schemas: Record<string, object> };
};

let documentCache: OpenApi | undefined;
export async function openApi(): Promise<OpenApi> {
  documentCache ??= (await (await openApiRoute()).json()) as OpenApi;
  return documentCache;
}

/** A validator for one documented response, made from the document itself (not from our zod schemas). */
export async function documentedResponse(path: string, method: string, status: number) {
  const document = await openApi();
  const schema =
    document.paths[path]?.[method.toLowerCase()]?.responses[String(status)]?.content["application/json"]
      .schema;
  if (!schema) throw new Error(`${method} ${path} does not document status ${status}`);
  const rewrite = (value: unknown) =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/'));
  return z.fromJSONSchema({ ...rewrite(schema), $defs: rewrite(document.components.schemas) });
}

/** Asserts a response matches what the OpenAPI document says for its path, method and status. */
export async function expectDocumented(
  path: string,
  method: string,
  response: { status: number; json: unknown },
) {
  const validator = await documentedResponse(path, method, response.status);
  const result = validator.safeParse(response.json);
  if (!result.success) {
    throw new Error(
      `${method} ${path} ${response.status} breaks the OpenAPI document: ${result.error.message}\n${JSON.stringify(response.json)}`,
    );
  }
}

export async function tokenOf(db: Db, couponId: string): Promise<string> {
  const [row] = await db.select().from(coupons).where(eq(coupons.id, couponId));
  if (!row) throw new Error("no such coupon");
  return couponTokenOf(row);
}
