import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { sessions } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/** Locks the wallet of the caller's own session now ("Lock now"). */
export async function lockWallet(db: DbOrTx, input: { actor: Actor; sessionId: string }): Promise<void> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has a wallet.");
  await db
    .update(sessions)
    .set({ unlockedUntil: null })
    .where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, actor.userId)));
}
