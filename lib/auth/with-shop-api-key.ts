import "server-only";
import type { z } from "zod";
import { type Db, getDb } from "@/db/client";
import { verifyApiKey } from "@/lib/api-keys/verify-api-key";
import { AppError } from "@/lib/errors";
import { errorResponse, readJsonBody } from "./action-result";
import type { Actor } from "./actor";
import { type Permission, requirePermission } from "./permissions";
import type { WrappedRoute } from "./public-route";
import { type RequestMeta, requestMetaFromHeaders } from "./request-meta";

export interface ShopApiContext<Input> {
  db: Db;
  actor: Extract<Actor, { kind: "shop" }>;
  shopId: string;
  meta: RequestMeta;
  input: Input;
  request: Request;
}

/**
 * A REST API route handler authenticated by a shop's API key (`Authorization: Bearer <key>`): an unknown or
 * revoked key answers 401, a key without `permission` among its scopes 403. The input is the JSON body for
 * POST/PUT/PATCH and the query string otherwise, parsed with `schema`.
 */
export function withShopApiKey<Schema extends z.ZodType, Result>(
  permission: Permission,
  schema: Schema,
  handler: (context: ShopApiContext<z.output<Schema>>) => Promise<Result>,
): WrappedRoute<{ db: Db }> {
  const run = async ({ db }: { db: Db }, request: Request) => {
    try {
      const authorization = request.headers.get("authorization") ?? "";
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match?.[1])
        throw new AppError("UNAUTHENTICATED", "Send your API key as `Authorization: Bearer <key>`.");
      const actor = await verifyApiKey(db, match[1]);
      requirePermission(actor, permission, { shopId: actor.shopId });
      const raw = ["POST", "PUT", "PATCH"].includes(request.method)
        ? await readJsonBody(request)
        : Object.fromEntries(new URL(request.url).searchParams);
      const input = schema.parse(raw);
      const data = await handler({
        db,
        actor,
        shopId: actor.shopId,
        meta: requestMetaFromHeaders(request.headers),
        input,
        request,
      });
      return Response.json({ data }, { headers: { "Cache-Control": "no-store" } });
    } catch (error) {
      return errorResponse(error);
    }
  };
  const route = async (request: Request) => run({ db: getDb() }, request);
  return Object.assign(route, { run });
}
