import { randomBytes } from "node:crypto";
import { asc, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect } from "vitest";
import type { DbOrTx } from "../../db/client";
import {
  couponEvents,
  coupons,
  issuanceRequests,
  ledgerAccounts,
  passkeys,
  postings,
  transfers,
} from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { type Actor, userActor } from "../../lib/auth/actor";
import type { Operation } from "../../lib/auth/operations";
import { createStepUpOptions } from "../../lib/auth/step-up-challenge";
import { postingRunIdSql, runsInOrderCte } from "../../lib/charging/posting-run-sql";
import type { CouponView } from "../../lib/coupons/lock-coupon";
import { acceptOperation } from "../../lib/coupons/operations";
import { AppError } from "../../lib/errors";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { checkLedger } from "../../lib/ledger/check-ledger";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { offerTransfer } from "../../lib/transfers/offer-transfer";
import { type OfferRecipient, prepareOffer } from "../../lib/transfers/prepare-offer";
import { createTestUser, type TestUser } from "./identity";

/** Environment every coupon test needs: the key-encryption key, the relying party, generous request rates. */
export function setupCouponEnvironment(): void {
  process.env.SCRIP_KEY_ENCRYPTION_KEY ??= randomBytes(32).toString("base64url");
  process.env.SCRIP_ORIGIN = "http://localhost:3000";
  process.env.SCRIP_ISSUANCE_REQUESTS_PER_HOUR ??= "100000";
}

export const actorOf = (user: TestUser, options: { isAdmin?: boolean } = {}): Actor =>
  userActor({ userId: user.userId, partyId: user.partyId, isAdmin: options.isAdmin });

/** A genuine passkey assertion by `user` over exactly `operation` (challenge stored server-side). */
export async function authorize(db: DbOrTx, user: TestUser, operation: Operation): Promise<unknown> {
  const options = await createStepUpOptions(db, { userId: user.userId, operation });
  return user.authenticator.createAssertion(options.challenge);
}

/** Issues a coupon to `user` through the real issuance path (below the approval threshold by default). */
export async function issueTestCoupon(
  db: DbOrTx,
  user: TestUser,
  input: { amountMinor?: bigint; currency?: string; expiresInDays?: number } = {},
): Promise<CouponView> {
  const request = {
    amountMinor: input.amountMinor ?? 1000n,
    currency: input.currency ?? "EUR",
    expiresInDays: input.expiresInDays ?? 30,
  };
  const { couponId, operation } = prepareIssuance(actorOf(user), request);
  const authorization = await authorize(db, user, operation);
  const result = await requestIssuance(db, actorOf(user), { couponId, ...request, authorization });
  if (result.status !== "issued") throw new Error(`expected an issued coupon, got ${result.status}`);
  return result.coupon;
}

export const inOneDay = () => new Date(Math.floor(Date.now() / 1000) * 1000 + 86_400_000);

/** The owner offers the coupon (directed or open); returns the transfer and, for an open offer, the claim code. */
export async function offerTestCoupon(
  db: DbOrTx,
  owner: TestUser,
  coupon: { id: string; version: number },
  recipient: OfferRecipient,
  expiresAt: Date = inOneDay(),
) {
  const prepared = prepareOffer({ couponId: coupon.id, version: coupon.version, recipient, expiresAt });
  const authorization = await authorize(db, owner, prepared.operation);
  const offer = await offerTransfer(db, actorOf(owner), {
    couponId: coupon.id,
    version: coupon.version,
    recipient,
    expiresAt,
    authorization,
    claimCodeHash: prepared.claimCodeHash,
  });
  return { ...offer, claimCode: prepared.claimCode };
}

/** The accept assertion `user` makes for a transfer offered at `version`. */
export async function authorizeAccept(
  db: DbOrTx,
  user: TestUser,
  transfer: { transferId: string; couponId: string; version: number },
): Promise<unknown> {
  return authorize(
    db,
    user,
    acceptOperation({
      transferId: transfer.transferId,
      couponId: transfer.couponId,
      ownerPartyId: user.partyId,
      version: transfer.version + 1,
    }),
  );
}

/** Offer from `owner` to `recipient` and accept it; returns the coupon's new version. */
export async function giveTestCoupon(
  db: DbOrTx,
  owner: TestUser,
  recipient: TestUser,
  coupon: { id: string; version: number },
) {
  const offer = await offerTestCoupon(db, owner, coupon, { partyId: recipient.partyId });
  const authorization = await authorizeAccept(db, recipient, offer);
  return acceptTransfer(db, actorOf(recipient), { transferId: offer.transferId, authorization });
}

/** Users with passkeys; the first is an admin when `admin` is set. */
export async function createUsers(db: DbOrTx, count: number): Promise<TestUser[]> {
  const created: TestUser[] = [];
  for (let index = 0; index < count; index++) created.push(await createTestUser(db));
  return created;
}

/** Awaits `action` and asserts it failed with the AppError `code`. */
export async function expectAppError(action: Promise<unknown> | (() => Promise<unknown>), code: string) {
  const promise = typeof action === "function" ? action() : action;
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected AppError ${code}`).toBeInstanceOf(AppError);
  expect((error as AppError).code, (error as Error).message).toBe(code);
  return error as AppError;
}

/** Everything the coupon core writes, for asserting that a refused operation changed nothing. */
export async function snapshotCouponData(db: DbOrTx) {
  return {
    coupons: await db.select().from(coupons).orderBy(asc(coupons.id)),
    transfers: await db.select().from(transfers).orderBy(asc(transfers.id)),
    events: await db.select().from(couponEvents).orderBy(asc(couponEvents.id)),
    postings: await db.select().from(postings).orderBy(asc(postings.id)),
    accounts: await db.select().from(ledgerAccounts).orderBy(asc(ledgerAccounts.id)),
    issuance: await db.select().from(issuanceRequests).orderBy(asc(issuanceRequests.id)),
    counters: await db
      .select({ id: passkeys.id, counter: passkeys.counter })
      .from(passkeys)
      .orderBy(asc(passkeys.id)),
  };
}

/** Asserts the ledger check finds nothing wrong. */
export async function expectLedgerClean(db: DbOrTx): Promise<void> {
  expect(await checkLedger(db)).toEqual([]);
  // The ledger check derives run membership with a fast formula; it must agree with the definition on every posting.
  const disagreeing = await db.execute(sql`with ${runsInOrderCte}
    select p.id, scrip_posting_run_id(p) as defined, ${postingRunIdSql("p")} as derived
    from postings p cross join runs_in_order
    where scrip_posting_run_id(p) is distinct from ${postingRunIdSql("p")}`);
  expect(disagreeing).toEqual([]);
}

/** Balance (debits − credits) of a party's account, or of an issuer account when partyId is null. */
export async function balanceOf(
  db: DbOrTx,
  kind: "party" | "issuer_outstanding",
  partyId: string | null,
  currency = "EUR",
): Promise<bigint> {
  const [row] = await db.execute<{ balance: string }>(sql`
    select coalesce(sum(case when p.debit_account_id = a.id then p.amount_minor else -p.amount_minor end), 0) as balance
    from ledger_accounts a left join postings p on p.debit_account_id = a.id or p.credit_account_id = a.id
    where a.kind = ${kind}::account_kind and a.currency = ${currency}
      and (${partyId}::text is null and a.party_id is null or a.party_id = ${partyId})`);
  return BigInt(row?.balance ?? 0);
}

/**
 * Moves a coupon's term of validity into the past, bypassing the immutability trigger (tests only: the real
 * clock cannot be moved). Its value signature then no longer matches, so do not verify its history afterwards.
 */
export async function backdateCoupon(sql: import("postgres").Sql, couponId: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`update coupons set issued_at = now() - interval '2 days', expires_at = now() - interval '1 second'
      where id = ${couponId}`;
  });
}

/**
 * A fresh database for this test file, with the coupon environment (issuer keys, WebAuthn origin) set up: made in
 * `beforeAll`, dropped in `afterAll`. The returned object is filled in before the first test runs.
 */
export function couponTestDatabaseForFile(options: { max?: number } = {}): TestDatabase {
  const database = {} as TestDatabase;
  beforeAll(async () => {
    setupCouponEnvironment();
    Object.assign(database, await createTestDatabase(options));
  });
  afterAll(async () => {
    await database.destroy?.();
  });
  return database;
}
