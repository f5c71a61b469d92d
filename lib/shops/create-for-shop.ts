import "server-only";
import { count, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import type { Operation } from "@/lib/auth/operations";
import { completeStepUpFor } from "@/lib/auth/require-step-up";
import { AppError } from "@/lib/errors";

/**
 * The transaction that gives a shop a new secret-bearing thing (an API key, a webhook endpoint), whose secret
 * the caller shows once: a person's passkey assertion over exactly `operation`, spent in it (only the system
 * creates without one; `confirm` asks for it when missing); creations of `kind` serialised per shop, so two
 * concurrent ones cannot both pass the limit; at most `max` of the rows `counted` names.
 */
export async function createForShop(
  db: DbOrTx,
  actor: Actor,
  input: {
    shopId: string;
    kind: string;
    operation: Operation;
    sent: { authorization?: unknown; ip?: string | null };
    confirm: string;
    /** The rows that count against the limit. */
    counted: { from: PgTable; where: SQL | undefined };
    max: number;
    tooMany: string;
  },
  create: (tx: Tx) => Promise<void>,
): Promise<void> {
  if (actor.kind !== "system" && input.sent.authorization == null) {
    throw new AppError("STEP_UP_REQUIRED", input.confirm);
  }
  await inTransaction(db, async (tx) => {
    if (actor.kind !== "system") {
      await completeStepUpFor(tx, db, { actor, operation: input.operation, sent: input.sent });
    }
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${input.kind}:${input.shopId}`}))`);
    const [existing] = await tx.select({ n: count() }).from(input.counted.from).where(input.counted.where);
    if ((existing?.n ?? 0) >= input.max) throw new AppError("LIMIT_EXCEEDED", input.tooMany);
    await create(tx);
  });
}
