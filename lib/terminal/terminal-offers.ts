import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { coupons, parties, transfers } from "@/db/schema";
import { couponTokenOf } from "@/lib/coupons/get-coupon-token";
import { offerOpenSql } from "@/lib/transfers/open-offer-sql";
import type { RecordedAssertion, TerminalIncomingOffer, TerminalOutgoingOffer } from "./terminal-types";

/** Most offers of each direction one snapshot carries (a gift of several coupons counts each coupon). */
export const terminalOffersMax = 500;

/**
 * A person's recorded passkey assertion as `transferor_authorization` keeps it (offer-transfer.ts, give-part.ts,
 * give-group.ts): checked field by field, so the terminal receives exactly the contract's shape or nothing.
 */
const recordedAssertion = z.object({
  kind: z.literal("passkey"),
  userId: z.string(),
  credentialId: z.string(),
  publicKey: z.string(),
  operation: z.looseObject({ type: z.string() }),
  digest: z.string(),
  challenge: z.string(),
  origin: z.string(),
  rpID: z.string(),
  response: z.object({
    id: z.string(),
    rawId: z.string(),
    type: z.string(),
    response: z.object({
      clientDataJSON: z.string(),
      authenticatorData: z.string(),
      signature: z.string(),
      userHandle: z.string().optional(),
    }),
    clientExtensionResults: z.record(z.string(), z.unknown()).optional(),
    authenticatorAttachment: z.string().optional(),
  }),
  verifiedAt: z.string(),
}) satisfies z.ZodType<RecordedAssertion>;

/** The issuer's signature over a shop's offer (attest-shop-offer.ts), from the offer's `offered` event. */
const shopAttestation = z.object({ kid: z.string(), signature: z.string() });

const parsedOrNull = <T>(schema: z.ZodType<T>, value: unknown): T | null => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/**
 * Offers made to `partyId` that are open at `now`, newest first, each with what the terminal needs to verify it
 * itself (claim 7): the coupon's current token, the terms, the coupon it was split from, and the giver's recorded
 * assertion (a shop's offer: the issuer's attestation instead). Nothing of anyone but the giver: the shop
 * member's own assertion behind a refund stays on the server. At most `terminalOffersMax` + 1 rows are read, so
 * the caller sees when there were more. `only` narrows it to one offer, the coupons of one gift, or the open
 * offer (claim link) whose code hashes to `claimCodeHash`.
 */
export async function listIncomingOffers(
  db: DbOrTx,
  partyId: string,
  now: Date,
  only: { transferId: string } | { groupId: string } | { claimCodeHash: string } | null = null,
): Promise<TerminalIncomingOffer[]> {
  // An open offer (a claim link) names nobody: it is found by its code's hash alone, by whoever holds the code.
  const to =
    only && "claimCodeHash" in only
      ? and(eq(transfers.claimCodeHash, only.claimCodeHash), isNull(transfers.toPartyId))
      : eq(transfers.toPartyId, partyId);
  const one = only
    ? "transferId" in only
      ? eq(transfers.id, only.transferId)
      : "groupId" in only
        ? eq(transfers.groupId, only.groupId)
        : undefined
    : undefined;
  const rows = await db
    .select({
      coupon: coupons,
      transferId: transfers.id,
      groupId: transfers.groupId,
      couponVersion: transfers.couponVersion,
      fromPartyId: transfers.fromPartyId,
      toPartyId: transfers.toPartyId,
      expiresAt: transfers.expiresAt,
      // A sponsored campaign's offer rests on the campaign's recorded assertion (its creator's passkey, #19).
      authorization: sql<unknown>`coalesce((select m.authorization from campaigns m
        where m.id = ${coupons.campaignId} and ${transfers.transferorAuthorization} ->> 'basis' = 'campaign'),
        ${transfers.transferorAuthorization})`,
      fromName: parties.displayName,
      attestation: sql<unknown>`(select e.data -> 'shopOfferAttestation' from coupon_events e
        where e.transfer_id = ${transfers.id} and e.kind = 'offered' limit 1)`,
    })
    .from(transfers)
    .innerJoin(coupons, eq(coupons.id, transfers.couponId))
    .innerJoin(parties, eq(parties.id, transfers.fromPartyId))
    .where(and(to, offerOpenSql("transfers", now), one))
    .orderBy(desc(transfers.createdAt), transfers.id)
    .limit(terminalOffersMax + 1);
  return rows.map((row) => ({
    transferId: row.transferId,
    groupId: row.groupId,
    fromName: row.fromName,
    expiresAt: row.expiresAt.toISOString(),
    token: couponTokenOf(row.coupon),
    couponId: row.coupon.id,
    couponVersion: row.couponVersion,
    toPartyId: row.toPartyId,
    fromPartyId: row.fromPartyId,
    parentCouponId: row.coupon.parentId,
    giverAssertion: parsedOrNull(recordedAssertion, row.authorization),
    shopAttestation: parsedOrNull(shopAttestation, row.attestation),
  }));
}

const recipients = alias(parties, "recipient");

/**
 * Offers `partyId` made that are open at `now`, newest first: the coupon, its value, and whom it is offered to
 * (null for a claim link). At most `terminalOffersMax` + 1 rows, as above.
 */
export async function listOutgoingOffers(
  db: DbOrTx,
  partyId: string,
  now: Date,
): Promise<TerminalOutgoingOffer[]> {
  const rows = await db
    .select({
      transferId: transfers.id,
      couponId: transfers.couponId,
      toName: recipients.displayName,
      amountMinor: coupons.amountMinor,
      currency: coupons.currency,
      expiresAt: transfers.expiresAt,
    })
    .from(transfers)
    .innerJoin(coupons, eq(coupons.id, transfers.couponId))
    .leftJoin(recipients, eq(recipients.id, transfers.toPartyId))
    .where(and(eq(transfers.fromPartyId, partyId), offerOpenSql("transfers", now)))
    .orderBy(desc(transfers.createdAt), transfers.id)
    .limit(terminalOffersMax + 1);
  return rows.map((row) => ({
    ...row,
    amountMinor: row.amountMinor.toString(),
    expiresAt: row.expiresAt.toISOString(),
  }));
}
