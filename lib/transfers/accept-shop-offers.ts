import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { coupons, transfers } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { attestOwner } from "@/lib/coupons/sign-coupon-parts";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import {
  type AnsweredCoupon,
  announceAnswers,
  answerGift,
  assertOfferOpen,
  noSuchOffer,
  shopAnswerer,
} from "./answer-shop-transfer";
import { assertAcceptable } from "./check-accept";
import {
  accepted,
  earlierOutcomes,
  progressOf,
  refusal,
  type ShopOfferOutcome,
  type ShopOffersProgress,
} from "./shop-offer-outcomes";
import { writeAcceptances } from "./write-acceptances";

export type { ShopOfferOutcome, ShopOffersProgress } from "./shop-offer-outcomes";

type Shop = ReturnType<typeof shopAnswerer>;

/** Transfers one call may accept. */
export const shopOffersPerCallMax = 1000;
/** Transfers accepted per transaction: short enough that no lock is held long, long enough to be cheap. */
export const shopOffersPerTransaction = 100;

function assertBatch(transferIds: string[]): void {
  if (transferIds.length === 0 || transferIds.length > shopOffersPerCallMax) {
    throw new AppError("VALIDATION_FAILED", "Send between 1 and 1,000 transfers per call.");
  }
  if (!transferIds.every((id) => isId("transfer", id))) {
    throw new AppError("VALIDATION_FAILED", "Every transfer must be a transfer id (trf_…).");
  }
  if (new Set(transferIds).size !== transferIds.length) {
    throw new AppError("VALIDATION_FAILED", "Each transfer may appear only once in a call.");
  }
}

/**
 * Gifts of several coupons, answered whole as the single accept does (answerGift), each in a savepoint so a
 * refused gift leaves the rest of the step alone. Gifts are locked in id order (each: its group row, then its
 * coupons), before any plain offer, the order every step takes. A member of a gift this call already accepted
 * (earlier in the call, or in a step that committed before) is reported accepted with it.
 */
async function acceptGifts(
  tx: Tx,
  shop: Shop,
  members: { id: string; groupId: string }[],
  giftsAccepted: ReadonlySet<string>,
  now: Date,
): Promise<Map<string, ShopOfferOutcome>> {
  const outcomes = new Map<string, ShopOfferOutcome>();
  const byGift = new Map<string, string[]>();
  for (const { id, groupId } of members) byGift.set(groupId, [...(byGift.get(groupId) ?? []), id]);
  for (const groupId of [...byGift.keys()].sort()) {
    const asked = byGift.get(groupId) ?? [];
    if (giftsAccepted.has(groupId)) {
      for (const outcome of await earlierGiftAnswer(tx, groupId, asked))
        outcomes.set(outcome.transferId, outcome);
      continue;
    }
    try {
      const answered = await tx.transaction(async (savepoint) => {
        const decided = await answerGift(savepoint, shop, groupId, "accept", undefined, now);
        await announceAnswers(savepoint, shop.shopId, "accepted", decided);
        return decided;
      });
      const all = answered.map((item) => item.transferId);
      for (const item of answered) {
        if (asked.includes(item.transferId)) outcomes.set(item.transferId, accepted(item, groupId, all));
      }
    } catch (error) {
      for (const id of asked) outcomes.set(id, refusal(id, error));
    }
  }
  return outcomes;
}

/** The answer of a gift accepted earlier in this call, for more of its transfers. */
async function earlierGiftAnswer(tx: Tx, groupId: string, asked: string[]): Promise<ShopOfferOutcome[]> {
  const rows = await tx
    .select({ transfer: transfers, coupon: coupons })
    .from(transfers)
    .innerJoin(coupons, eq(coupons.id, transfers.couponId))
    .where(eq(transfers.groupId, groupId))
    .orderBy(coupons.id);
  const all = rows.map((row) => row.transfer.id);
  return rows
    .filter((row) => asked.includes(row.transfer.id))
    .map(({ transfer, coupon }) =>
      accepted(
        {
          transferId: transfer.id,
          coupon: {
            id: coupon.id,
            amountMinor: coupon.amountMinor,
            currency: coupon.currency,
            version: transfer.couponVersion + 1,
          },
        },
        groupId,
        all,
      ),
    );
}

/**
 * Plain offers (not part of a gift): their coupons locked in id order in one statement, then read afresh (the
 * lock may have waited for a concurrent accept), each checked with the single accept's rules in its order
 * (assertOfferOpen, then assertAcceptable), the issuer's owner attestations signed, and every acceptance with
 * its event and funding written in one statement, then the webhooks.
 */
async function acceptPlain(tx: Tx, shop: Shop, ids: string[], now: Date) {
  const outcomes = new Map<string, ShopOfferOutcome>();
  if (ids.length === 0) return outcomes;
  await tx
    .select({ id: coupons.id })
    .from(coupons)
    .where(
      inArray(
        coupons.id,
        tx.select({ id: transfers.couponId }).from(transfers).where(inArray(transfers.id, ids)),
      ),
    )
    .orderBy(coupons.id)
    .for("update");
  const rows = await tx
    .select({
      transfer: transfers,
      coupon: coupons,
      fromStatus: sql<string | null>`(select status::text from parties where id = ${transfers.fromPartyId})`,
      acceptorStatus: sql<string | null>`(select status::text from parties where id = ${shop.partyId})`,
    })
    .from(transfers)
    .innerJoin(coupons, eq(coupons.id, transfers.couponId))
    .where(inArray(transfers.id, ids))
    .orderBy(coupons.id);
  const acceptable = [];
  for (const { transfer, coupon, fromStatus, acceptorStatus } of rows) {
    try {
      assertOfferOpen(transfer, now);
      assertAcceptable(
        { transfer, coupon, parties: { fromStatus, acceptorStatus } },
        shop.partyId,
        false,
        now,
      );
      acceptable.push({ transfer, coupon });
    } catch (error) {
      outcomes.set(transfer.id, refusal(transfer.id, error));
    }
  }
  const writes = [];
  for (const { transfer, coupon } of acceptable) {
    const owner = await attestOwner(tx, {
      couponId: coupon.id,
      ownerPartyId: shop.partyId,
      version: coupon.version + 1,
      basis: "issuer",
    });
    writes.push({ transfer, coupon, owner });
  }
  const announced: AnsweredCoupon[] = writes.map(({ transfer, coupon }) => ({
    transferId: transfer.id,
    coupon: {
      id: coupon.id,
      amountMinor: coupon.amountMinor,
      currency: coupon.currency,
      version: coupon.version + 1,
    },
  }));
  for (const answered of announced)
    outcomes.set(answered.transferId, accepted(answered, null, [answered.transferId]));
  const acceptor = { partyId: shop.partyId, userId: shop.userId ?? null };
  await writeAcceptances(tx, { items: writes, acceptor, at: now });
  await announceAnswers(tx, shop.shopId, "accepted", announced);
  return outcomes;
}

/** One step: a slice of the call's transfers decided in the caller's transaction, in request order. */
async function acceptStep(tx: Tx, shop: Shop, ids: string[], giftsAccepted: ReadonlySet<string>) {
  const now = new Date();
  const offered = await tx
    .select({ id: transfers.id, groupId: transfers.groupId })
    .from(transfers)
    .where(and(inArray(transfers.id, ids), eq(transfers.toPartyId, shop.partyId)));
  const groupOf = new Map(offered.map((row) => [row.id, row.groupId]));
  const members = offered.flatMap((row) => (row.groupId ? [{ id: row.id, groupId: row.groupId }] : []));
  const gifts = await acceptGifts(tx, shop, members, giftsAccepted, now);
  const plain = await acceptPlain(
    tx,
    shop,
    offered.filter((row) => row.groupId === null).map((row) => row.id),
    now,
  );
  return ids.map(
    (id) =>
      gifts.get(id) ??
      plain.get(id) ??
      refusal(id, groupOf.has(id) ? new Error(`${id} undecided`) : noSuchOffer()),
  );
}

/**
 * A shop's server accepts up to 1,000 coupons offered directly to the shop in one call (API key with
 * `payments`): each transfer accepted or refused exactly as the single accept would (answerShopTransfer: a gift
 * of several coupons whole), one refusal never failing the others. Committed in steps of
 * `shopOffersPerTransaction` transfers, each one transaction with the single accept's locks, checks, events,
 * funding and webhooks; `steps.save` records each step's progress in its transaction, and `steps.saved` (an
 * earlier attempt's) resumes after what it committed. Outcomes in request order.
 */
export async function acceptShopOffers(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; transferIds: string[] },
  steps: {
    saved?: ShopOffersProgress | null;
    save?: (tx: Tx, progress: ShopOffersProgress) => Promise<void>;
  } = {},
): Promise<ShopOfferOutcome[]> {
  const shop = shopAnswerer(actor, { shopId: input.shopId, answer: "accept" }, undefined);
  assertBatch(input.transferIds);
  const outcomes = steps.saved ? await earlierOutcomes(db, input.transferIds, steps.saved) : [];
  for (let start = outcomes.length; start < input.transferIds.length; start += shopOffersPerTransaction) {
    const ids = input.transferIds.slice(start, start + shopOffersPerTransaction);
    const giftsAccepted = new Set(
      outcomes.flatMap((outcome) =>
        outcome.status === "accepted" && outcome.groupId ? [outcome.groupId] : [],
      ),
    );
    const decided = await inTransaction(db, async (tx) => {
      const step = await acceptStep(tx, shop, ids, giftsAccepted);
      await steps.save?.(tx, progressOf([...outcomes, ...step]));
      return step;
    });
    outcomes.push(...decided);
  }
  return outcomes;
}
