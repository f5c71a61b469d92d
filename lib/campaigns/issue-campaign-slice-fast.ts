import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql as dsql, eq } from "drizzle-orm";
import type postgres from "postgres";
import type { Db } from "@/db/client";
import { campaigns } from "@/db/schema";
import { ownerPayload, valuePayload } from "@/lib/coupons/coupon-payloads";
import { type CouponEventInput, eventBody, eventHash } from "@/lib/events/event-hash";
import { newIds } from "@/lib/ids";
import { getSigningKey } from "@/lib/keys/get-signing-key";
import { ensureLedgerAccounts } from "@/lib/ledger/ensure-ledger-accounts";
import { hashClaimCode } from "@/lib/transfers/claim-code";
import { signBatch } from "./campaign-signer-pool";
import { readClaimCodeSecret } from "./claim-code-secret";
import { campaignClaimCode, type IssueCampaignSlice } from "./contract";

/**
 * The fast issuing engine for sponsored campaigns (lib/campaigns/contract.ts says what a slice writes). Everything
 * a coupon needs is computed in Node before the slice's transaction: ids in bulk, both Ed25519 signatures on the
 * signer threads (campaign-signer-pool.ts), the claim-code hashes, and the two events' hashes with the same
 * canonical body and SHA-256 chain as lib/events/append-coupon-event.ts. The transaction then moves
 * `issued_count` with its guard and streams the rows with `COPY … FROM STDIN` into coupons, transfers and
 * coupon_events (every constraint, foreign key and trigger of those tables still applies), then writes the slice's
 * one funding posting and its campaign_slices row.
 *
 * While a slice's transaction runs, the next slice of the same size is prepared ahead (its coupons' issue time is
 * when it was prepared; a prepared slice older than {@link preparedSliceTtlMs}, or signed with a key that is no
 * longer active, is thrown away and prepared again). A prepared slice is only ever written by the transaction
 * whose guarded update moved `issued_count` over its range, so preparing ahead can never issue anything twice.
 */

/** Coupons per COPY chunk and per signing batch. */
const chunkSize = 500;
/** How long a slice prepared ahead may wait for its transaction (its issue time is its preparation time). */
export const preparedSliceTtlMs = 15_000;

/** The campaign facts a slice needs (immutable once the campaign runs). */
export interface CampaignIssueTerms {
  id: string;
  sponsorPartyId: string;
  createdByUserId: string | null;
  kind: "recipients" | "claim_codes";
  amountMinor: bigint;
  currency: string;
  couponCount: number;
  couponExpiresAt: Date;
  claimSecret: Buffer | null;
}

/** A slice's rows as `COPY` text (tab-separated, one row a line), in chunks of {@link chunkSize} coupons. */
export interface PreparedSlice {
  campaignId: string;
  fromIndex: number;
  toIndex: number;
  preparedAt: number;
  valueKid: string;
  ownerKid: string;
  coupons: string[];
  transfers: string[];
  events: string[];
}

export const couponCopyColumns =
  "id, amount_minor, currency, requester_party_id, owner_party_id, version, funded, status, issued_at, expires_at, value_kid, value_signature, owner_attestation, campaign_id, campaign_index";
export const transferCopyColumns =
  "id, coupon_id, coupon_version, from_party_id, to_party_id, claim_code_hash, status, expires_at, transferor_authorization";
export const eventCopyColumns =
  "id, coupon_id, seq, kind, actor_party_id, actor_user_id, from_party_id, to_party_id, version, transfer_id, data, prev_hash, hash, created_at";

/** COPY text format: backslash, tab and line breaks escaped; null is \N. */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : value;
}
const copyNullable = (value: string | null) => (value === null ? "\\N" : copyText(value));

/** Reads the campaign's terms and where it stands. */
export async function readCampaignForIssue(
  db: Db,
  campaignId: string,
): Promise<(CampaignIssueTerms & { status: string; issuedCount: number }) | null> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  if (!row) return null;
  return {
    id: row.id,
    sponsorPartyId: row.sponsorPartyId,
    createdByUserId: row.createdByUserId,
    kind: row.kind,
    amountMinor: row.amountMinor,
    currency: row.currency,
    couponCount: row.couponCount,
    couponExpiresAt: row.couponExpiresAt,
    claimSecret:
      row.kind === "claim_codes" && row.claimCodeSecret
        ? readClaimCodeSecret(row.id, row.claimCodeSecret)
        : null,
    status: row.status,
    issuedCount: row.issuedCount,
  };
}

async function recipientsOf(db: Db, campaignId: string, from: number, to: number): Promise<string[]> {
  const rows = await db.execute<{ index: number; party_id: string }>(
    dsql`select index, party_id from campaign_recipients
      where campaign_id = ${campaignId} and index >= ${from} and index < ${to} order by index`,
  );
  const parties = rows.map((row) => row.party_id);
  if (parties.length !== to - from || rows.some((row, k) => Number(row.index) !== from + k)) {
    throw new Error(`campaign ${campaignId}: recipients ${from}…${to - 1} are incomplete`);
  }
  return parties;
}

/**
 * Computes every row of coupons [fromIndex, toIndex): ids, signatures, claim-code hashes, hash-chained events.
 * Pure preparation: writes nothing.
 */
export async function prepareCampaignSlice(
  db: Db,
  terms: CampaignIssueTerms,
  fromIndex: number,
  toIndex: number,
  now: Date = new Date(),
): Promise<PreparedSlice> {
  const count = toIndex - fromIndex;
  const [valueKey, ownerKey] = await Promise.all([
    getSigningKey(db, "value"),
    getSigningKey(db, "owner_attestation"),
  ]);
  const recipients =
    terms.kind === "recipients" ? await recipientsOf(db, terms.id, fromIndex, toIndex) : null;
  if (terms.kind === "claim_codes" && !terms.claimSecret)
    throw new Error("claim-code campaign without secret");
  const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const issuedIso = issuedAt.toISOString();
  const expiresIso = terms.couponExpiresAt.toISOString();
  const couponIds = newIds("coupon", count);
  const transferIds = newIds("transfer", count);
  const eventIds = newIds("couponEvent", count * 2);
  const sponsor = terms.sponsorPartyId;
  const amount = terms.amountMinor.toString();
  const transferorAuthorization = copyText(JSON.stringify({ basis: "campaign", campaignId: terms.id }));

  // Every chunk's signatures are requested at once; the pool spreads them over its threads.
  const chunks: { start: number; value: Promise<string[]>; owner: Promise<string[]> }[] = [];
  for (let start = 0; start < count; start += chunkSize) {
    const end = Math.min(count, start + chunkSize);
    const values: string[] = [];
    const owners: string[] = [];
    for (let k = start; k < end; k++) {
      const couponId = couponIds[k] as string;
      values.push(
        valuePayload({
          kid: valueKey.kid,
          couponId,
          amountMinor: terms.amountMinor,
          currency: terms.currency,
          issuedAt,
          expiresAt: terms.couponExpiresAt,
        }),
      );
      owners.push(ownerPayload({ kid: ownerKey.kid, couponId, ownerPartyId: sponsor, version: 1 }));
    }
    chunks.push({
      start,
      value: signBatch(valueKey.kid, valueKey.privateKey, values),
      owner: signBatch(ownerKey.kid, ownerKey.privateKey, owners),
    });
  }

  const prepared: PreparedSlice = {
    campaignId: terms.id,
    fromIndex,
    toIndex,
    preparedAt: now.getTime(),
    valueKid: valueKey.kid,
    ownerKid: ownerKey.kid,
    coupons: [],
    transfers: [],
    events: [],
  };
  for (const chunk of chunks) {
    const [valueSignatures, ownerSignatures] = await Promise.all([chunk.value, chunk.owner]);
    const couponLines: string[] = [];
    const transferLines: string[] = [];
    const eventLines: string[] = [];
    for (let j = 0; j < valueSignatures.length; j++) {
      const k = chunk.start + j;
      const index = fromIndex + k;
      const couponId = couponIds[k] as string;
      const transferId = transferIds[k] as string;
      const recipient = recipients ? (recipients[k] as string) : null;
      const claimCodeHash = recipients
        ? null
        : hashClaimCode(campaignClaimCode(terms.claimSecret as Buffer, terms.id, index));
      const ownerAttestation = {
        kid: ownerKey.kid,
        signature: ownerSignatures[j] as string,
        basis: "issuer",
      };
      const attestationJson = JSON.stringify(ownerAttestation);
      couponLines.push(
        `${couponId}\t${amount}\t${terms.currency}\t${sponsor}\t${sponsor}\t1\tt\toffered\t${issuedIso}\t${expiresIso}\t${valueKey.kid}\t${valueSignatures[j]}\t${copyText(attestationJson)}\t${terms.id}\t${index}`,
      );
      transferLines.push(
        `${transferId}\t${couponId}\t1\t${sponsor}\t${copyNullable(recipient)}\t${copyNullable(claimCodeHash)}\tpending\t${expiresIso}\t${transferorAuthorization}`,
      );
      const issued: CouponEventInput = {
        couponId,
        kind: "issued",
        actorPartyId: sponsor,
        actorUserId: terms.createdByUserId,
        fromPartyId: null,
        toPartyId: sponsor,
        version: 1,
        transferId: null,
        data: { campaignId: terms.id, index, valueKid: valueKey.kid, ownerAttestation },
        at: issuedAt,
      };
      const offered: CouponEventInput = {
        couponId,
        kind: "offered",
        actorPartyId: sponsor,
        actorUserId: terms.createdByUserId,
        fromPartyId: sponsor,
        toPartyId: recipient,
        version: 1,
        transferId,
        data: { basis: "campaign", campaignId: terms.id, open: recipient === null },
        at: issuedAt,
      };
      const issuedHash = eventHash(null, 1, eventBody(issued));
      const offeredHash = eventHash(issuedHash, 2, eventBody(offered));
      const actorUser = copyNullable(terms.createdByUserId);
      eventLines.push(
        `${eventIds[2 * k]}\t${couponId}\t1\tissued\t${sponsor}\t${actorUser}\t\\N\t${sponsor}\t1\t\\N\t${copyText(JSON.stringify(issued.data))}\t\\N\t${issuedHash}\t${issuedIso}`,
        `${eventIds[2 * k + 1]}\t${couponId}\t2\toffered\t${sponsor}\t${actorUser}\t${sponsor}\t${copyNullable(recipient)}\t1\t${transferId}\t${copyText(JSON.stringify(offered.data))}\t${issuedHash}\t${offeredHash}\t${issuedIso}`,
      );
    }
    prepared.coupons.push(`${couponLines.join("\n")}\n`);
    prepared.transfers.push(`${transferLines.join("\n")}\n`);
    prepared.events.push(`${eventLines.join("\n")}\n`);
  }
  return prepared;
}

/** Streams `chunks` into `COPY <statement> FROM STDIN` on the transaction's connection; fails with the COPY. */
export async function copyInto(
  tx: postgres.TransactionSql,
  statement: string,
  chunks: string[],
): Promise<void> {
  const query = tx.unsafe(statement);
  const stream = await query.writable();
  await Promise.all([
    pipeline(Readable.from(chunks), stream),
    query.catch((error: unknown) => {
      stream.destroy(error as Error);
      throw error;
    }),
  ]);
}

const prepared = new Map<string, Promise<PreparedSlice>>();
const maxPrepared = 4;
const preparedKey = (campaignId: string, from: number, to: number) => `${campaignId}:${from}:${to}`;

function prepareAhead(db: Db, terms: CampaignIssueTerms, from: number, to: number): void {
  const key = preparedKey(terms.id, from, to);
  if (prepared.has(key)) return;
  if (prepared.size >= maxPrepared) prepared.delete(prepared.keys().next().value as string);
  const promise = prepareCampaignSlice(db, terms, from, to);
  promise.catch(() => prepared.delete(key));
  prepared.set(key, promise);
}

async function takePrepared(
  db: Db,
  terms: CampaignIssueTerms,
  from: number,
  to: number,
): Promise<PreparedSlice> {
  const key = preparedKey(terms.id, from, to);
  const ahead = prepared.get(key);
  prepared.delete(key);
  if (ahead) {
    const slice = await ahead.catch(() => null);
    const [value, owner] = await Promise.all([
      getSigningKey(db, "value"),
      getSigningKey(db, "owner_attestation"),
    ]);
    if (
      slice &&
      Date.now() - slice.preparedAt < preparedSliceTtlMs &&
      slice.valueKid === value.kid &&
      slice.ownerKid === owner.kid
    ) {
      return slice;
    }
  }
  return prepareCampaignSlice(db, terms, from, to);
}

/** Test hooks: run after each step of the slice's transaction (a test throws or kills the connection there). */
export interface SliceHooks {
  afterStep?: (
    step: "guard" | "coupons" | "transfers" | "events" | "posting",
    tx: postgres.TransactionSql,
  ) => Promise<void>;
  /** Prepare the next slice ahead while this one is written (default true). */
  prepareAhead?: boolean;
}

/** {@link issueCampaignSliceFast} with test hooks. */
export async function issueCampaignSliceWith(
  db: Db,
  input: { campaignId: string; fromIndex: number; toIndex: number },
  hooks: SliceHooks = {},
): Promise<{ issued: number }> {
  const { campaignId, fromIndex, toIndex } = input;
  const campaign = await readCampaignForIssue(db, campaignId);
  if (!campaign) throw new Error(`campaign ${campaignId} does not exist`);
  if (!(Number.isInteger(fromIndex) && Number.isInteger(toIndex) && 0 <= fromIndex && fromIndex < toIndex)) {
    throw new Error(`campaign slice ${fromIndex}…${toIndex} is not a range`);
  }
  if (toIndex > campaign.couponCount)
    throw new Error(`campaign slice ends past the campaign's ${campaign.couponCount}`);
  // The guarded update below decides; this only skips preparing a slice that cannot be written now.
  if (campaign.status !== "running" || campaign.issuedCount !== fromIndex) return { issued: 0 };
  await ensureLedgerAccounts(db, campaign.currency, [campaign.sponsorPartyId]);
  const slice = await takePrepared(db, campaign, fromIndex, toIndex);
  const nextTo = Math.min(campaign.couponCount, toIndex + (toIndex - fromIndex));
  if (hooks.prepareAhead !== false && nextTo > toIndex) prepareAhead(db, campaign, toIndex, nextTo);

  const client = (db as unknown as { $client: postgres.Sql }).$client;
  const count = toIndex - fromIndex;
  const total = (campaign.amountMinor * BigInt(count)).toString();
  const [postingId] = newIds("posting", 1);
  return client.begin(async (tx) => {
    const step = async (name: Parameters<NonNullable<SliceHooks["afterStep"]>>[0]) =>
      hooks.afterStep?.(name, tx);
    // The last slice also completes the campaign, in its own transaction: a pause that arrives after the last
    // coupon was issued finds nothing left to pause.
    const moved = await tx`update campaigns set issued_count = ${toIndex}, updated_at = now(),
        status = case when coupon_count = ${toIndex} then 'completed'::campaign_status else status end,
        finished_at = case when coupon_count = ${toIndex} then now() else finished_at end
      where id = ${campaignId} and issued_count = ${fromIndex} and status = 'running' returning id`;
    if (moved.length === 0) return { issued: 0 };
    await step("guard");
    await copyInto(tx, `copy coupons (${couponCopyColumns}) from stdin`, slice.coupons);
    await step("coupons");
    await copyInto(tx, `copy transfers (${transferCopyColumns}) from stdin`, slice.transfers);
    await step("transfers");
    await copyInto(tx, `copy coupon_events (${eventCopyColumns}) from stdin`, slice.events);
    await step("events");
    const posted =
      await tx`insert into postings (id, kind, debit_account_id, credit_account_id, amount_minor, currency, memo)
      select ${postingId as string}, 'campaign_funding', d.id, o.id, ${total}::bigint, ${campaign.currency}, ${`campaign ${campaignId} coupons ${fromIndex}…${toIndex - 1}`}
      from ledger_accounts d, ledger_accounts o
      where d.kind = 'party' and d.party_id = ${campaign.sponsorPartyId} and d.currency = ${campaign.currency}
        and o.kind = 'issuer_outstanding' and o.party_id is null and o.currency = ${campaign.currency}
      returning id`;
    if (posted.length !== 1)
      throw new Error(`campaign ${campaignId}: the sponsor's ledger accounts are missing`);
    await tx`insert into campaign_slices (campaign_id, from_index, to_index, posting_id)
      values (${campaignId}, ${fromIndex}, ${toIndex}, ${postingId as string})`;
    await step("posting");
    return { issued: count };
  }) as Promise<{ issued: number }>;
}

/** Issues coupons [fromIndex, toIndex) of a running campaign in one transaction (lib/campaigns/contract.ts). */
export const issueCampaignSliceFast: IssueCampaignSlice = (db, input) => issueCampaignSliceWith(db, input);
