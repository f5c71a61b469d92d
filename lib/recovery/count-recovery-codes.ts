import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { recoveryCodes } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/** How many of the signed-in person's recovery codes are still unused. */
export async function countRecoveryCodes(db: DbOrTx, input: { actor: Actor }): Promise<{ unused: number }> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has recovery codes.");
  const [row] = await db
    .select({ unused: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, actor.userId), isNull(recoveryCodes.usedAt)));
  return { unused: row?.unused ?? 0 };
}
