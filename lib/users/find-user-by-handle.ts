import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { handleSchema } from "./handle";

/** Handle look-ups one account may make per minute, found or not (so handles cannot be enumerated quickly). */
export const handleLookupsPerMinute = 30;

export interface FoundUser {
  handle: string;
  displayName: string;
  partyId: string;
}

/**
 * Finds the active person with exactly this handle (case-insensitive), so a giver can see whom they are giving
 * to before confirming. Every look-up counts against the caller's account, found or not; a suspended or missing
 * account is the same NOT_FOUND.
 */
export async function findUserByHandle(db: DbOrTx, actor: Actor, rawHandle: unknown): Promise<FoundUser> {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person can look up handles.");
  const parsed = handleSchema.safeParse(typeof rawHandle === "string" ? rawHandle.replace(/^@/, "") : "");
  if (!parsed.success)
    throw new AppError("VALIDATION_FAILED", "A handle is 3–30 letters, digits or underscores.");
  await consumeRateLimit(
    db,
    { key: `handle-lookup:account:${actor.userId}`, limit: handleLookupsPerMinute, windowSeconds: 60 },
    "Too many look-ups; wait a minute.",
  );
  const [row] = await db
    .select({ handle: users.handle, displayName: parties.displayName, partyId: parties.id })
    .from(users)
    .innerJoin(parties, eq(parties.id, users.partyId))
    .where(and(sql`lower(${users.handle}) = lower(${parsed.data})`, eq(parties.status, "active")))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", `Nobody has the handle @${parsed.data}.`);
  return row;
}
