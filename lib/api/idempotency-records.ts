import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** How long an idempotency key is kept (the API promises at least 24 hours). */
export const idempotencyKeySeconds = 25 * 3600;
/**
 * Seconds a request holds its key's lease. Past it, the request is presumed crashed and a retry may take over;
 * should the original still be running, it can no longer commit (see `completeIdempotentRequest`).
 */
export const idempotencyLeaseSeconds = 60;
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

export type IdempotencyStart =
  /** `progress`: what an earlier holder of the key committed before it crashed (saveIdempotentProgress), or null. */
  { kind: "new"; leaseToken: string; progress: unknown } | { kind: "replay"; status: number; body: unknown };

/**
 * Claims `key` for this shop's request before it runs, as a lease with a random owner token. The same key and
 * fingerprint replay the stored response; another fingerprint is IDEMPOTENCY_MISMATCH (422); a duplicate while
 * the lease is held is CONCURRENT_REQUEST (409). After the lease runs out (the holder is presumed crashed) a
 * retry takes it over with a new token, and the old holder can then neither complete nor release it. Keys are
 * scoped per shop. The claim commits on its own (pass the database).
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
  const leaseToken = randomBytes(18).toString("base64url");
  const leaseExpiresAt = new Date(now.getTime() + idempotencyLeaseSeconds * 1000);
  // An expired record is gone for good; a fresh request may reuse its key.
  await db.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.expiresAt, now)));
  const inserted = await db
    .insert(idempotencyKeys)
    .values({
      shopId: input.shopId,
      key: input.key,
      requestHash: input.fingerprint,
      leaseToken,
      leaseExpiresAt,
      createdAt: now,
      expiresAt: new Date(now.getTime() + idempotencyKeySeconds * 1000),
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 1) return { kind: "new", leaseToken, progress: null };
  const settled = await readSettled(db, where, input.fingerprint);
  if (settled) return settled;
  // A request that crashed mid-way left its lease behind; once it has run out a retry may take it over. The
  // guarded update is atomic: of several retries at once, exactly one gets the lease.
  const taken = await db
    .update(idempotencyKeys)
    .set({ leaseToken, leaseExpiresAt })
    .where(
      and(
        where,
        eq(idempotencyKeys.status, "in_progress"),
        eq(idempotencyKeys.requestHash, input.fingerprint),
        or(
          isNull(idempotencyKeys.leaseExpiresAt),
          sql`${idempotencyKeys.leaseExpiresAt} <= ${now.toISOString()}::timestamptz`,
        ),
      ),
    )
    .returning({ key: idempotencyKeys.key, progress: idempotencyKeys.responseBody });
  if (taken[0]) return { kind: "new", leaseToken, progress: taken[0].progress ?? null };
  // The holder may have completed while we waited on its row lock: then its answer is ours too.
  const completed = await readSettled(db, where, input.fingerprint);
  if (completed) return completed;
  throw new AppError("CONCURRENT_REQUEST", "A request with this Idempotency-Key is still in progress.");
}

/** The stored answer for the key (replay), a mismatch error, or null while it is in progress (or just gone). */
async function readSettled(db: DbOrTx, where: SQL | undefined, fingerprint: string) {
  const [existing] = await db.select().from(idempotencyKeys).where(where);
  if (!existing) throw new AppError("CONCURRENT_REQUEST", "This Idempotency-Key is in use; retry shortly.");
  if (existing.requestHash !== fingerprint) {
    throw new AppError("IDEMPOTENCY_MISMATCH", "This Idempotency-Key was used with a different request.");
  }
  if (existing.status === "completed") {
    return { kind: "replay" as const, status: existing.responseStatus ?? 200, body: existing.responseBody };
  }
  return null;
}

/**
 * Stores the response of a claimed request, in the transaction of the change so they commit together. Only the
 * lease's holder may: when a retry has taken the lease over, this throws CONCURRENT_REQUEST, which rolls the
 * holder's whole transaction back, so a key's operation never commits twice.
 */
export async function completeIdempotentRequest(
  tx: DbOrTx,
  input: { shopId: string; key: string; leaseToken: string; status: number; body: unknown },
): Promise<void> {
  const updated = await tx
    .update(idempotencyKeys)
    .set({
      status: "completed",
      responseStatus: input.status,
      responseBody: input.body,
      leaseToken: null,
      leaseExpiresAt: null,
    })
    .where(heldClaim(input))
    .returning({ key: idempotencyKeys.key });
  if (updated.length !== 1) {
    throw new AppError(
      "CONCURRENT_REQUEST",
      "This request took too long and a retry with the same Idempotency-Key took its place; nothing was changed by it.",
    );
  }
}

/** The claim on `key` that is still in progress under the caller's lease. */
function heldClaim(input: { shopId: string; key: string; leaseToken: string }) {
  return and(
    eq(idempotencyKeys.shopId, input.shopId),
    eq(idempotencyKeys.key, input.key),
    eq(idempotencyKeys.status, "in_progress"),
    eq(idempotencyKeys.leaseToken, input.leaseToken),
  );
}

/**
 * Records, in the transaction of one step of a request that commits in several (a batch), what the steps so far
 * decided, and renews the lease. Should the request die later, a retry with the same key takes the lease over
 * and resumes from this progress instead of deciding again. Only the lease's holder may: otherwise
 * CONCURRENT_REQUEST, which rolls the step back.
 */
export async function saveIdempotentProgress(
  tx: DbOrTx,
  input: { shopId: string; key: string; leaseToken: string; progress: unknown; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const updated = await tx
    .update(idempotencyKeys)
    .set({
      responseBody: input.progress,
      leaseExpiresAt: new Date(now.getTime() + idempotencyLeaseSeconds * 1000),
    })
    .where(heldClaim(input))
    .returning({ key: idempotencyKeys.key });
  if (updated.length !== 1) {
    throw new AppError(
      "CONCURRENT_REQUEST",
      "This request took too long and a retry with the same Idempotency-Key took its place; it carries on from here.",
    );
  }
}

/**
 * Releases a claim whose request failed, so the client may retry with the same key (holder only). A claim with
 * saved progress (some steps committed) is kept with its lease ended, so the retry resumes rather than repeats.
 */
export async function releaseIdempotentRequest(
  db: DbOrTx,
  input: { shopId: string; key: string; leaseToken: string },
): Promise<void> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(and(heldClaim(input), isNull(idempotencyKeys.responseBody)))
    .returning({ key: idempotencyKeys.key });
  if (deleted.length === 0) {
    await db.update(idempotencyKeys).set({ leaseExpiresAt: sql`now()` }).where(heldClaim(input));
  }
}

/** Deletes expired idempotency records (a sweep for the job queue). */
export async function purgeIdempotencyKeys(db: DbOrTx, input: { now?: Date } = {}): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, input.now ?? new Date()))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
