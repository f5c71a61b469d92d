import "server-only";
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { column, queryRow } from "@/db/rows";
import { campaignRecipients, campaignSlices, campaigns, couponEvents, coupons, transfers } from "@/db/schema";
import { ownerPayload, valuePayload } from "@/lib/coupons/coupon-payloads";
import { signPayload } from "@/lib/coupons/coupon-token";
import type { OwnerAttestation } from "@/lib/coupons/sign-coupon-parts";
import { assert } from "@/lib/errors";
import { type CouponEventInput, eventBody, eventHash, normalizeJson } from "@/lib/events/event-hash";
import { newId, newIds } from "@/lib/ids";
import { wholeSeconds } from "@/lib/issuance/insert-issued-coupon";
import { getSigningKey } from "@/lib/keys/get-signing-key";
import { hashClaimCode } from "@/lib/transfers/claim-code";
import { readClaimCodeSecret } from "./claim-code-secret";
import { campaignClaimCode, type IssueCampaignSlice } from "./contract";

/** Rows per multi-row INSERT (well under PostgreSQL's 65,535 parameters for the widest table). */
const rowsPerInsert = 500;

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    await insert(rows.slice(start, start + rowsPerInsert));
  }
}

/**
 * The straightforward engine of lib/campaigns/contract.ts: one transaction that first moves the campaign's
 * issued_count from `fromIndex` to `toIndex` (guarded: nothing is written when another run or a pause got there
 * first), then writes each coupon, its `issued` and `offered` events (hashed exactly as appendCouponEvent hashes
 * them), its pending transfer, and once for the slice the sponsor's campaign_funding posting and its slice row.
 */
export const issueCampaignSlice: IssueCampaignSlice = (db: Db, input) =>
  inTransaction(db, async (tx) => {
    const { campaignId, fromIndex, toIndex } = input;
    assert(Number.isSafeInteger(fromIndex) && toIndex > fromIndex, "a slice covers at least one index");
    const [campaign] = await tx
      .update(campaigns)
      .set({ issuedCount: toIndex, updatedAt: sql`now()` })
      .where(
        and(
          eq(campaigns.id, campaignId),
          eq(campaigns.issuedCount, fromIndex),
          eq(campaigns.status, "running"),
          gte(campaigns.couponCount, toIndex),
        ),
      )
      .returning();
    if (!campaign) return { issued: 0 };
    const count = toIndex - fromIndex;
    const sponsor = campaign.sponsorPartyId;
    const recipients =
      campaign.kind === "recipients"
        ? (
            await tx
              .select({ index: campaignRecipients.index, partyId: campaignRecipients.partyId })
              .from(campaignRecipients)
              .where(
                and(
                  eq(campaignRecipients.campaignId, campaignId),
                  gte(campaignRecipients.index, fromIndex),
                  lt(campaignRecipients.index, toIndex),
                ),
              )
              .orderBy(asc(campaignRecipients.index))
          ).map((row) => row.partyId)
        : null;
    assert(recipients === null || recipients.length === count, `campaign ${campaignId} lacks recipients`);
    const secret = campaign.claimCodeSecret
      ? readClaimCodeSecret(campaignId, campaign.claimCodeSecret)
      : null;
    const valueKey = await getSigningKey(tx, "value");
    const ownerKey = await getSigningKey(tx, "owner_attestation");
    const issuedAt = wholeSeconds(new Date());
    const expiresAt = campaign.couponExpiresAt;
    const couponIds = newIds("coupon", count);
    const transferIds = newIds("transfer", count);
    const eventIds = newIds("couponEvent", 2 * count);
    const couponRows: (typeof coupons.$inferInsert)[] = [];
    const transferRows: (typeof transfers.$inferInsert)[] = [];
    const eventRows: (typeof couponEvents.$inferInsert)[] = [];
    const transferorAuthorization = { basis: "campaign", campaignId };
    for (let offset = 0; offset < count; offset++) {
      const index = fromIndex + offset;
      const couponId = couponIds[offset] as string;
      const transferId = transferIds[offset] as string;
      const toPartyId = recipients ? (recipients[offset] as string) : null;
      const claimCodeHash = secret ? hashClaimCode(campaignClaimCode(secret, campaignId, index)) : null;
      const valueSignature = signPayload(
        valuePayload({
          kid: valueKey.kid,
          couponId,
          amountMinor: campaign.amountMinor,
          currency: campaign.currency,
          issuedAt,
          expiresAt,
        }),
        valueKey.privateKey,
      );
      const ownerAttestation: OwnerAttestation = {
        kid: ownerKey.kid,
        signature: signPayload(
          ownerPayload({ kid: ownerKey.kid, couponId, ownerPartyId: sponsor, version: 1 }),
          ownerKey.privateKey,
        ),
        basis: "issuer",
      };
      couponRows.push({
        id: couponId,
        amountMinor: campaign.amountMinor,
        currency: campaign.currency,
        requesterPartyId: sponsor,
        ownerPartyId: sponsor,
        version: 1,
        funded: true,
        status: "offered",
        issuedAt,
        expiresAt,
        valueKid: valueKey.kid,
        valueSignature,
        ownerAttestation,
        campaignId,
        campaignIndex: index,
      });
      transferRows.push({
        id: transferId,
        couponId,
        couponVersion: 1,
        fromPartyId: sponsor,
        toPartyId,
        claimCodeHash,
        status: "pending",
        expiresAt,
        transferorAuthorization,
      });
      const issued: CouponEventInput = {
        couponId,
        kind: "issued",
        actorPartyId: sponsor,
        actorUserId: null,
        fromPartyId: null,
        toPartyId: sponsor,
        version: 1,
        transferId: null,
        data: normalizeJson({ campaignId, index, valueKid: valueKey.kid, ownerAttestation }),
        at: issuedAt,
      };
      const offered: CouponEventInput = {
        couponId,
        kind: "offered",
        actorPartyId: sponsor,
        actorUserId: null,
        fromPartyId: sponsor,
        toPartyId,
        version: 1,
        transferId,
        data: normalizeJson({ ...transferorAuthorization, open: toPartyId === null }),
        at: issuedAt,
      };
      const issuedHash = eventHash(null, 1, eventBody(issued));
      const offeredHash = eventHash(issuedHash, 2, eventBody(offered));
      for (const [seq, event, prevHash, hash] of [
        [1, issued, null, issuedHash],
        [2, offered, issuedHash, offeredHash],
      ] as const) {
        eventRows.push({
          id: eventIds[2 * offset + seq - 1] as string,
          couponId,
          seq,
          kind: event.kind,
          actorPartyId: event.actorPartyId,
          actorUserId: event.actorUserId,
          fromPartyId: event.fromPartyId,
          toPartyId: event.toPartyId,
          version: event.version,
          transferId: event.transferId,
          data: event.data,
          prevHash,
          hash,
          createdAt: event.at,
        });
      }
    }
    await insertInChunks(couponRows, (chunk) => tx.insert(coupons).values(chunk));
    await insertInChunks(transferRows, (chunk) => tx.insert(transfers).values(chunk));
    await insertInChunks(eventRows, (chunk) => tx.insert(couponEvents).values(chunk));
    const postingId = newId("posting");
    const posted = await queryRow(
      tx,
      { n: column.int },
      sql`with p as (
        insert into postings (id, kind, debit_account_id, credit_account_id, amount_minor, currency, memo, created_at)
        select ${postingId}, 'campaign_funding', d.id, o.id, ${(campaign.amountMinor * BigInt(count)).toString()}::bigint,
          ${campaign.currency}, ${`campaign ${campaignId} ${fromIndex}-${toIndex}`}, ${issuedAt.toISOString()}::timestamptz
        from ledger_accounts d, ledger_accounts o
        where d.kind = 'party' and d.party_id = ${sponsor} and d.currency = ${campaign.currency}
          and o.kind = 'issuer_outstanding' and o.party_id is null and o.currency = ${campaign.currency}
        returning id)
      select count(*)::int as n from p`,
    );
    assert(posted?.n === 1, `campaign ${campaignId}: the sponsor's funding posting was not written`);
    await tx.insert(campaignSlices).values({ campaignId, fromIndex, toIndex, postingId });
    return { issued: count };
  });
