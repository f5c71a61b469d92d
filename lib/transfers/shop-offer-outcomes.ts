import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { coupons, transfers } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import type { AnsweredCoupon, TransferAnswer } from "./answer-shop-transfer";

/** One transfer's outcome in a batch: accepted (as the single accept answers it), or refused in words. */
export type ShopOfferOutcome =
  | (TransferAnswer & { status: "accepted" })
  | { transferId: string; status: "refused"; error: { code: string; message: string } };

/** The refusal an AppError means for one transfer; anything else is a bug and fails the whole step. */
export function refusal(transferId: string, error: unknown): ShopOfferOutcome {
  if (!isAppError(error)) throw error;
  return { transferId, status: "refused", error: { code: error.code, message: error.message } };
}

/** An accepted transfer's outcome: the single accept's answer for it. */
export const accepted = (
  answered: AnsweredCoupon,
  groupId: string | null,
  transferIds: string[],
): ShopOfferOutcome => ({ ...answered, status: "accepted", groupId, transferIds });

/**
 * What the committed steps of a call decided, as saved with its Idempotency-Key: how many transfers (in request
 * order) are decided, and the refusals among them by index. Everything else decided was accepted, which the
 * database records for good, so the outcomes are rebuilt from it (earlierOutcomes) and the record stays small.
 */
export interface ShopOffersProgress {
  decided: number;
  refused: { index: number; code: string; message: string }[];
}

export function progressOf(outcomes: ShopOfferOutcome[]): ShopOffersProgress {
  return {
    decided: outcomes.length,
    refused: outcomes.flatMap((outcome, index) =>
      outcome.status === "refused" ? [{ index, ...outcome.error }] : [],
    ),
  };
}

/** The outcomes an earlier attempt committed: its refusals as saved, its accepts as the database records them. */
export async function earlierOutcomes(
  db: DbOrTx,
  transferIds: string[],
  progress: ShopOffersProgress,
): Promise<ShopOfferOutcome[]> {
  const ids = transferIds.slice(0, progress.decided);
  const refused = new Map(progress.refused.map((item) => [item.index, item]));
  const acceptedIds = ids.filter((_, index) => !refused.has(index));
  const rows =
    acceptedIds.length === 0
      ? []
      : await db
          .select({
            transfer: transfers,
            coupon: coupons,
            gift: sql<
              string[] | null
            >`(select array_agg(g.id order by g.coupon_id) from transfers g where g.group_id = ${transfers.groupId})`,
          })
          .from(transfers)
          .innerJoin(coupons, eq(coupons.id, transfers.couponId))
          .where(inArray(transfers.id, acceptedIds));
  const byId = new Map(rows.map((row) => [row.transfer.id, row]));
  return ids.map((transferId, index) => {
    const refusal = refused.get(index);
    if (refusal)
      return { transferId, status: "refused", error: { code: refusal.code, message: refusal.message } };
    const row = byId.get(transferId);
    if (row?.transfer.status !== "accepted") throw new Error(`${transferId} was saved as accepted`);
    const { transfer, coupon } = row;
    return accepted(
      {
        transferId,
        coupon: {
          id: coupon.id,
          amountMinor: coupon.amountMinor,
          currency: coupon.currency,
          version: transfer.couponVersion + 1,
        },
      },
      transfer.groupId,
      row.gift ?? [transferId],
    );
  });
}
