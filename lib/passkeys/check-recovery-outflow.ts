import "server-only";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { accountRecoveries, recoveryOutflows } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { formatMoney, type Money, moneyOf } from "@/lib/money/money";
import { recoveryOutflowLimitMinor, recoveryWindowHours } from "@/lib/recovery/recovery-outflow-limit";

/** Value that a confirmed operation moves out of a person's wallet (a gift, a payment, a conversion). */
export interface Outflow extends Money<string> {
  /** The wallet party the value leaves. */
  partyId: string;
}

/**
 * The recovery rule: in the first 24 hours after a passkey was enrolled with a recovery code, money leaves the
 * wallet only when confirmed with that passkey, and only up to `SCRIP_RECOVERY_OUTFLOW_LIMIT` per currency in
 * total. Called by `completeStepUp` inside the operation's transaction, after the assertion verified, for every
 * operation that moves value out. The latest recovery's row is locked and the outflow is written in the same
 * transaction, so concurrent operations are counted one after the other and a rolled-back one is not counted.
 */
export async function checkRecoveryOutflow(
  tx: DbOrTx,
  input: { userId: string; credentialId: string; outflow: Outflow },
): Promise<void> {
  const { outflow } = input;
  const [recovery] = await tx
    .select({ id: accountRecoveries.id, credentialId: accountRecoveries.credentialId })
    .from(accountRecoveries)
    .where(
      and(
        eq(accountRecoveries.userId, input.userId),
        gt(accountRecoveries.createdAt, sql`now() - make_interval(hours => ${recoveryWindowHours})`),
      ),
    )
    .orderBy(desc(accountRecoveries.createdAt), desc(accountRecoveries.id))
    .limit(1)
    .for("update");
  if (!recovery) return;
  if (recovery.credentialId !== input.credentialId) {
    throw new AppError(
      "RECOVERY_RESTRICTED",
      `Your account was recovered less than ${recoveryWindowHours} hours ago: until then, only the passkey added with the recovery code can send money.`,
    );
  }
  if (outflow.amountMinor <= 0n) return;
  // Every outflow since any recovery still inside its window counts, so a second recovery does not reset it.
  const [spent] = await tx
    .select({ total: sql<string>`coalesce(sum(${recoveryOutflows.amountMinor}), 0)::text` })
    .from(recoveryOutflows)
    .innerJoin(accountRecoveries, eq(accountRecoveries.id, recoveryOutflows.recoveryId))
    .where(
      and(
        eq(accountRecoveries.userId, input.userId),
        eq(recoveryOutflows.currency, outflow.currency),
        gt(accountRecoveries.createdAt, sql`now() - make_interval(hours => ${recoveryWindowHours})`),
      ),
    );
  const limit = recoveryOutflowLimitMinor(outflow.currency);
  const total = BigInt(spent?.total ?? "0") + outflow.amountMinor;
  if (total > limit) {
    throw new AppError(
      "LIMIT_EXCEEDED",
      `Your account was recovered less than ${recoveryWindowHours} hours ago: until then at most ${formatMoney(moneyOf(limit, outflow.currency))} may leave the wallet.`,
    );
  }
  await tx.insert(recoveryOutflows).values({
    recoveryId: recovery.id,
    currency: outflow.currency,
    amountMinor: outflow.amountMinor,
  });
}
