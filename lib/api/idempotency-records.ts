import "server-only";
import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** How long an idempotency key is kept (the API promises at least 24 hours). */
export const idempotencyKeySeconds = 25 * 3600;
/** An in-progress record older than this is taken to be a crashed request, and may be taken over. */
export const idempotencyStaleSeconds = 300;
const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** A stable hash of what makes two requests "the same": operation path and canonical JSON body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
      );
    }
    return value;
  };
  return createHash("sha256")
    .update(`${method} ${path}\n${JSON.stringify(canonical(body))}`)
    .digest("base64url");
}

export type IdempotencyStart = { kind: "new" } | { kind: "replay"; status: number; body: unknown };

/**
 * Claims `key` for this shop's request before it runs. The same key and fingerprint replay the stored response;
 * another fingerprint is IDEMPOTENCY_MISMATCH (422); a duplicate still in progress is CONCURRENT_REQUEST (409).
 * Keys are scoped per shop, so shops never collide. The claim commits on its own (pass the database).
 */
export async function beginIdempotentRequest(
  db: DbOrTx,
  input: { shopId: string; key: string; fingerprint: string; now?: Date },
): Promise<IdempotencyStart> {
  if (!keyPattern.test(input.key)) {
    throw new AppError("VALIDATION_FAILED", "Idempotency-Key must be 1–255 visible ASCII characters.");
  }
  const now = input.now ?? new Date();
  const where = and(eq(idempotencyKeys.shopId, input.shopId), eq(idempotencyKeys.key, input.key));
  // An expired record is gone for good; a fresh request may reuse its key.
  await db.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.expiresAt, now)));
  const inserted = await db
    .insert(idempotencyKeys)
    .values({
      shopId: input.shopId,
      key: input.key,
      requestHash: input.fingerprint,
      createdAt: now,
      expiresAt: new Date(now.getTime() + idempotencyKeySeconds * 1000),
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 1) return { kind: "new" };
  const [existing] = await db.select().from(idempotencyKeys).where(where);
  if (!existing) throw new AppError("CONCURRENT_REQUEST", "This Idempotency-Key is in use; retry shortly.");
  if (existing.requestHash !== input.fingerprint) {
    throw new AppError("IDEMPOTENCY_MISMATCH", "This Idempotency-Key was used with a different request.");
  }
  if (existing.status === "completed") {
    return { kind: "replay", status: existing.responseStatus ?? 200, body: existing.responseBody };
  }
  // A request that crashed mid-way left its claim behind; after a while a retry may take it over.
  const staleBefore = new Date(now.getTime() - idempotencyStaleSeconds * 1000);
  const taken = await db
    .update(idempotencyKeys)
    .set({ createdAt: now })
    .where(
      and(
        where,
        eq(idempotencyKeys.status, "in_progress"),
        sql`${idempotencyKeys.createdAt} < ${staleBefore.toISOString()}::timestamptz`,
      ),
    )
    .returning({ key: idempotencyKeys.key });
  if (taken.length === 1) return { kind: "new" };
  throw new AppError("CONCURRENT_REQUEST", "A request with this Idempotency-Key is still in progress.");
}

/** Stores the response of a claimed request (in the transaction of the change, so they commit together). */
export async function completeIdempotentRequest(
  tx: DbOrTx,
  input: { shopId: string; key: string; status: number; body: unknown },
): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ status: "completed", responseStatus: input.status, responseBody: input.body })
    .where(and(eq(idempotencyKeys.shopId, input.shopId), eq(idempotencyKeys.key, input.key)));
}

/** Releases a claim whose request failed, so the client may retry with the same key (failures are not stored). */
export async function releaseIdempotentRequest(
  db: DbOrTx,
  input: { shopId: string; key: string },
): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.shopId, input.shopId),
        eq(idempotencyKeys.key, input.key),
        eq(idempotencyKeys.status, "in_progress"),
      ),
    );
}

/** Deletes expired idempotency records (a sweep for the job queue). */
export async function purgeIdempotencyKeys(db: DbOrTx, input: { now?: Date } = {}): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, input.now ?? new Date()))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
