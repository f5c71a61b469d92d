import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  chargingRuns,
  couponEvents,
  coupons,
  issuerKeys,
  orders,
  passkeys,
  postings,
  products,
  shops,
  statements,
  transfers,
  users,
} from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { newId } from "../../lib/ids";
import { expectPgError } from "../support/pg-error";
import { insertAccount, insertCoupon, insertParty } from "../support/schema-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const CHECK = "23514";
const UNIQUE = "23505";
const FOREIGN_KEY = "23503";
const RESTRICT = "23001";

function pendingTransfer(couponId: string, fromPartyId: string, toPartyId: string | null, extra = {}) {
  return {
    id: newId("transfer"),
    couponId,
    couponVersion: 1,
    fromPartyId,
    toPartyId,
    expiresAt: new Date(Date.now() + 3_600_000),
    transferorAuthorization: { kind: "test" },
    ...extra,
  };
}

describe("migrations", () => {
  it("apply to an empty database and create every table of the domain", async () => {
    const rows = await t.sql<{ table_name: string }[]>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
    const names = rows.map((row) => row.table_name);
    for (const table of [
      "parties",
      "users",
      "passkeys",
      "sessions",
      "webauthn_challenges",
      "shops",
      "shop_members",
      "products",
      "orders",
      "order_items",
      "payment_requests",
      "issuance_requests",
      "coupons",
      "transfers",
      "coupon_events",
      "ledger_accounts",
      "postings",
      "charging_runs",
      "statements",
      "issuer_keys",
      "api_keys",
      "idempotency_keys",
      "webhook_endpoints",
      "webhook_messages",
      "webhook_deliveries",
      "audit_log",
    ]) {
      expect(names).toContain(table);
    }
    const applied = await t.sql<
      { count: string }[]
    >`select count(*)::text as count from drizzle.__drizzle_migrations`;
    expect(Number(applied[0]?.count)).toBeGreaterThanOrEqual(2);
  });
});

describe("coupon constraints", () => {
  it("refuse a zero or negative amount", async () => {
    const owner = await insertParty(t.db);
    await expectPgError(() => insertCoupon(t.db, { ownerPartyId: owner, amountMinor: 0n }), {
      code: CHECK,
      constraint: "coupons_amount_positive",
    });
    await expectPgError(() => insertCoupon(t.db, { ownerPartyId: owner, amountMinor: -5n }), {
      code: CHECK,
      constraint: "coupons_amount_positive",
    });
  });

  it("refuse a version below 1", async () => {
    const owner = await insertParty(t.db);
    await expectPgError(() => insertCoupon(t.db, { ownerPartyId: owner, version: 0 }), {
      code: CHECK,
      constraint: "coupons_version_positive",
    });
  });

  it("refuse a currency that is not an ISO 4217 code", async () => {
    const owner = await insertParty(t.db);
    await expectPgError(() => insertCoupon(t.db, { ownerPartyId: owner, currency: "eur" }), {
      code: CHECK,
      constraint: "coupons_currency_format",
    });
  });

  it("refuse an expiry that is not after issue", async () => {
    const owner = await insertParty(t.db);
    const issuedAt = new Date();
    await expectPgError(() => insertCoupon(t.db, { ownerPartyId: owner, issuedAt, expiresAt: issuedAt }), {
      code: CHECK,
      constraint: "coupons_expiry_after_issue",
    });
  });

  it("refuse an owner that is not a party", async () => {
    await expectPgError(() => insertCoupon(t.db, { ownerPartyId: "pty_nobody" }), { code: FOREIGN_KEY });
  });

  it("refuse a version that goes down", async () => {
    const owner = await insertParty(t.db);
    const id = await insertCoupon(t.db, { ownerPartyId: owner, version: 3 });
    await expectPgError(() => t.db.update(coupons).set({ version: 2 }).where(eq(coupons.id, id)), {
      code: CHECK,
      message: /version may only grow/,
    });
  });

  it("refuse an owner change that does not increment the version", async () => {
    const owner = await insertParty(t.db);
    const other = await insertParty(t.db);
    const id = await insertCoupon(t.db, { ownerPartyId: owner });
    await expectPgError(() => t.db.update(coupons).set({ ownerPartyId: other }).where(eq(coupons.id, id)), {
      code: CHECK,
      message: /must increment the version/,
    });
    await t.db.update(coupons).set({ ownerPartyId: other, version: 2 }).where(eq(coupons.id, id));
    const [row] = await t.db.select().from(coupons).where(eq(coupons.id, id));
    expect(row?.ownerPartyId).toBe(other);
  });

  it("refuse a change of value, currency or requester", async () => {
    const owner = await insertParty(t.db);
    const id = await insertCoupon(t.db, { ownerPartyId: owner });
    await expectPgError(() => t.db.update(coupons).set({ amountMinor: 5000n }).where(eq(coupons.id, id)), {
      code: RESTRICT,
      message: /immutable/,
    });
    await expectPgError(() => t.db.update(coupons).set({ currency: "USD" }).where(eq(coupons.id, id)), {
      code: RESTRICT,
      message: /immutable/,
    });
  });

  it("refuse un-funding a funded coupon", async () => {
    const owner = await insertParty(t.db);
    const id = await insertCoupon(t.db, { ownerPartyId: owner, funded: true });
    await expectPgError(() => t.db.update(coupons).set({ funded: false }).where(eq(coupons.id, id)), {
      code: CHECK,
      message: /cannot become unfunded/,
    });
  });

  it("refuse deleting a coupon", async () => {
    const owner = await insertParty(t.db);
    const id = await insertCoupon(t.db, { ownerPartyId: owner });
    await expectPgError(() => t.db.delete(coupons).where(eq(coupons.id, id)), { code: RESTRICT });
  });
});

describe("transfer constraints", () => {
  it("allow at most one pending transfer per coupon", async () => {
    const from = await insertParty(t.db);
    const to = await insertParty(t.db);
    const couponId = await insertCoupon(t.db, { ownerPartyId: from });
    await t.db.insert(transfers).values(pendingTransfer(couponId, from, to));
    await expectPgError(() => t.db.insert(transfers).values(pendingTransfer(couponId, from, to)), {
      code: UNIQUE,
      constraint: "transfers_one_pending_per_coupon",
    });
  });

  it("allow one accepted transfer per coupon version", async () => {
    const from = await insertParty(t.db);
    const to = await insertParty(t.db);
    const couponId = await insertCoupon(t.db, { ownerPartyId: from });
    const accepted = {
      status: "accepted" as const,
      acceptedByPartyId: to,
      acceptorAuthorization: { kind: "test" },
    };
    await t.db.insert(transfers).values(pendingTransfer(couponId, from, to, accepted));
    await expectPgError(() => t.db.insert(transfers).values(pendingTransfer(couponId, from, to, accepted)), {
      code: UNIQUE,
      constraint: "transfers_one_accept_per_version",
    });
  });

  it("refuse an accepted transfer without the acceptor's authorisation", async () => {
    const from = await insertParty(t.db);
    const to = await insertParty(t.db);
    const couponId = await insertCoupon(t.db, { ownerPartyId: from });
    await expectPgError(
      () =>
        t.db
          .insert(transfers)
          .values(pendingTransfer(couponId, from, to, { status: "accepted", acceptedByPartyId: to })),
      { code: CHECK, constraint: "transfers_accepted_has_acceptor" },
    );
  });

  it("refuse a transfer with neither a recipient nor a claim code", async () => {
    const from = await insertParty(t.db);
    const couponId = await insertCoupon(t.db, { ownerPartyId: from });
    await expectPgError(() => t.db.insert(transfers).values(pendingTransfer(couponId, from, null)), {
      code: CHECK,
      constraint: "transfers_has_recipient",
    });
  });

  it("refuse a transfer to oneself", async () => {
    const from = await insertParty(t.db);
    const couponId = await insertCoupon(t.db, { ownerPartyId: from });
    await expectPgError(() => t.db.insert(transfers).values(pendingTransfer(couponId, from, from)), {
      code: CHECK,
      constraint: "transfers_not_to_self",
    });
  });

  it("refuse a reused claim code hash", async () => {
    const from = await insertParty(t.db);
    const first = await insertCoupon(t.db, { ownerPartyId: from });
    const second = await insertCoupon(t.db, { ownerPartyId: from });
    const claimCodeHash = `hash-${newId("transfer")}`;
    await t.db.insert(transfers).values(pendingTransfer(first, from, null, { claimCodeHash }));
    await expectPgError(
      () => t.db.insert(transfers).values(pendingTransfer(second, from, null, { claimCodeHash })),
      {
        code: UNIQUE,
        constraint: "transfers_claim_code_hash_unique",
      },
    );
  });
});

describe("ledger constraints", () => {
  it("refuse a zero or negative posting", async () => {
    const party = await insertParty(t.db);
    const debit = await insertAccount(t.db, { kind: "party", partyId: party, currency: "CHF" });
    const credit = await insertAccount(t.db, { kind: "issuer_settlement", currency: "CHF" });
    for (const amountMinor of [0n, -1n]) {
      await expectPgError(
        () =>
          t.db.insert(postings).values({
            id: newId("posting"),
            kind: "payout_sent",
            debitAccountId: debit,
            creditAccountId: credit,
            amountMinor,
            currency: "CHF",
          }),
        { code: CHECK, constraint: "postings_amount_positive" },
      );
    }
  });

  it("refuse a posting that debits and credits the same account", async () => {
    const party = await insertParty(t.db);
    const account = await insertAccount(t.db, { kind: "party", partyId: party });
    await expectPgError(
      () =>
        t.db.insert(postings).values({
          id: newId("posting"),
          kind: "payout_sent",
          debitAccountId: account,
          creditAccountId: account,
          amountMinor: 1n,
          currency: "EUR",
        }),
      { code: CHECK, constraint: "postings_distinct_accounts" },
    );
  });

  it("refuse a posting in a currency other than its accounts'", async () => {
    const party = await insertParty(t.db);
    const debit = await insertAccount(t.db, { kind: "party", partyId: party, currency: "GBP" });
    const credit = await insertAccount(t.db, { kind: "issuer_settlement", currency: "GBP" });
    await expectPgError(
      () =>
        t.db.insert(postings).values({
          id: newId("posting"),
          kind: "payout_sent",
          debitAccountId: debit,
          creditAccountId: credit,
          amountMinor: 1n,
          currency: "EUR",
        }),
      { code: FOREIGN_KEY },
    );
  });

  it("refuse a funding or conversion posting without a coupon", async () => {
    const party = await insertParty(t.db);
    const debit = await insertAccount(t.db, { kind: "party", partyId: party, currency: "SEK" });
    const credit = await insertAccount(t.db, { kind: "issuer_outstanding", currency: "SEK" });
    await expectPgError(
      () =>
        t.db.insert(postings).values({
          id: newId("posting"),
          kind: "funding",
          debitAccountId: debit,
          creditAccountId: credit,
          amountMinor: 1n,
          currency: "SEK",
        }),
      { code: CHECK, constraint: "postings_coupon_kinds_have_coupon" },
    );
  });

  it("fund a coupon at most once", async () => {
    const party = await insertParty(t.db);
    const debit = await insertAccount(t.db, { kind: "party", partyId: party, currency: "NOK" });
    const credit = await insertAccount(t.db, { kind: "issuer_outstanding", currency: "NOK" });
    const couponId = await insertCoupon(t.db, { ownerPartyId: party, currency: "NOK" });
    const funding = () =>
      t.db.insert(postings).values({
        id: newId("posting"),
        kind: "funding",
        debitAccountId: debit,
        creditAccountId: credit,
        amountMinor: 1000n,
        currency: "NOK",
        couponId,
      });
    await funding();
    await expectPgError(funding, { code: UNIQUE, constraint: "postings_one_funding_per_coupon" });
  });

  it("convert a coupon at most once", async () => {
    const party = await insertParty(t.db);
    const credit = await insertAccount(t.db, { kind: "party", partyId: party, currency: "DKK" });
    const debit = await insertAccount(t.db, { kind: "issuer_outstanding", currency: "DKK" });
    const couponId = await insertCoupon(t.db, { ownerPartyId: party, currency: "DKK" });
    const conversion = () =>
      t.db.insert(postings).values({
        id: newId("posting"),
        kind: "conversion",
        debitAccountId: debit,
        creditAccountId: credit,
        amountMinor: 1000n,
        currency: "DKK",
        couponId,
      });
    await conversion();
    await expectPgError(conversion, { code: UNIQUE, constraint: "postings_one_conversion_per_coupon" });
  });

  it("keep postings immutable, the time and transaction that decide their charging run included", async () => {
    const party = await insertParty(t.db);
    const debit = await insertAccount(t.db, { kind: "party", partyId: party, currency: "PLN" });
    const credit = await insertAccount(t.db, { kind: "issuer_settlement", currency: "PLN" });
    const id = newId("posting");
    await t.db.insert(postings).values({
      id,
      kind: "payout_sent",
      debitAccountId: debit,
      creditAccountId: credit,
      amountMinor: 10n,
      currency: "PLN",
    });
    await expectPgError(() => t.db.update(postings).set({ amountMinor: 11n }).where(eq(postings.id, id)), {
      code: RESTRICT,
      message: /immutable/,
    });
    await expectPgError(() => t.db.delete(postings).where(eq(postings.id, id)), { code: RESTRICT });
    // Which charging run billed a posting is derived from its time and transaction, so neither may change.
    await expectPgError(
      () =>
        t.db
          .update(postings)
          .set({ createdAt: new Date(Date.UTC(2001, 0, 1)) })
          .where(eq(postings.id, id)),
      { code: RESTRICT, message: /immutable/ },
    );
    await expectPgError(() => t.db.update(postings).set({ xid: "1" }).where(eq(postings.id, id)), {
      code: RESTRICT,
      message: /immutable/,
    });
  });

  it("keep one account per party and currency, and one issuer account per kind and currency", async () => {
    const party = await insertParty(t.db);
    await insertAccount(t.db, { kind: "party", partyId: party, currency: "CZK" });
    await expectPgError(() => insertAccount(t.db, { kind: "party", partyId: party, currency: "CZK" }), {
      code: UNIQUE,
      constraint: "ledger_accounts_kind_party_currency_unique",
    });
    await insertAccount(t.db, { kind: "issuer_outstanding", currency: "HUF" });
    await expectPgError(() => insertAccount(t.db, { kind: "issuer_outstanding", currency: "HUF" }), {
      code: UNIQUE,
      constraint: "ledger_accounts_issuer_currency_unique",
    });
    await expectPgError(
      () => insertAccount(t.db, { kind: "issuer_settlement", partyId: party, currency: "HUF" }),
      {
        code: CHECK,
        constraint: "ledger_accounts_party_iff_party_kind",
      },
    );
  });
});

describe("charging constraints", () => {
  it("run a period at most once", async () => {
    const period = { periodStart: new Date(Date.UTC(2002, 0, 1)), periodEnd: new Date(Date.UTC(2002, 1, 1)) };
    await t.db.insert(chargingRuns).values({ id: newId("chargingRun"), ...period });
    await expectPgError(() => t.db.insert(chargingRuns).values({ id: newId("chargingRun"), ...period }), {
      code: UNIQUE,
      constraint: "charging_runs_period_unique",
    });
  });

  it("give a party one positive statement per run and currency", async () => {
    const party = await insertParty(t.db);
    const runId = newId("chargingRun");
    await t.db.insert(chargingRuns).values({
      id: runId,
      periodStart: new Date(Date.UTC(2003, 0, 1)),
      periodEnd: new Date(Date.UTC(2003, 1, 1)),
    });
    const statement = () => ({
      id: newId("statement"),
      runId,
      partyId: party,
      currency: "EUR",
      kind: "invoice" as const,
      amountMinor: 100n,
      dueAt: new Date(Date.UTC(2003, 1, 15)),
    });
    await expectPgError(() => t.db.insert(statements).values({ ...statement(), amountMinor: 0n }), {
      code: CHECK,
      constraint: "statements_amount_positive",
    });
    // An invoice says when it is due; a payout has no due date.
    await expectPgError(() => t.db.insert(statements).values({ ...statement(), dueAt: null }), {
      code: CHECK,
      constraint: "statements_due_only_invoices",
    });
    await expectPgError(
      () => t.db.insert(statements).values({ ...statement(), kind: "payout", dueAt: new Date() }),
      { code: CHECK, constraint: "statements_due_only_invoices" },
    );
    await t.db.insert(statements).values(statement());
    await expectPgError(() => t.db.insert(statements).values(statement()), {
      code: UNIQUE,
      constraint: "statements_run_party_currency_unique",
    });
  });
});

describe("history and keys", () => {
  it("keep coupon events append-only with one event per sequence number", async () => {
    const owner = await insertParty(t.db);
    const couponId = await insertCoupon(t.db, { ownerPartyId: owner });
    const event = { couponId, seq: 1, kind: "issued" as const, version: 1, hash: "h1" };
    const id = newId("couponEvent");
    await t.db.insert(couponEvents).values({ id, ...event });
    await expectPgError(() => t.db.insert(couponEvents).values({ id: newId("couponEvent"), ...event }), {
      code: UNIQUE,
      constraint: "coupon_events_coupon_seq_unique",
    });
    await expectPgError(
      () => t.db.update(couponEvents).set({ hash: "forged" }).where(eq(couponEvents.id, id)),
      {
        code: RESTRICT,
      },
    );
    await expectPgError(() => t.db.delete(couponEvents).where(eq(couponEvents.id, id)), { code: RESTRICT });
    await expectPgError(
      () => t.db.insert(couponEvents).values({ id: newId("couponEvent"), ...event, seq: 2, prevHash: null }),
      { code: CHECK, constraint: "coupon_events_chain" },
    );
  });

  it("keep the audit log append-only", async () => {
    const [row] = await t.db.insert(auditLog).values({ action: "test.event" }).returning({ id: auditLog.id });
    await expectPgError(() => t.db.update(auditLog).set({ action: "x" }).where(eq(auditLog.id, row!.id)), {
      code: RESTRICT,
    });
    await expectPgError(() => t.db.delete(auditLog).where(eq(auditLog.id, row!.id)), { code: RESTRICT });
  });

  it("allow one active issuer key per purpose", async () => {
    const key = () => ({
      id: newId("challenge"),
      purpose: "value" as const,
      publicKey: "x",
      privateKeyEncrypted: "y",
    });
    await t.db.insert(issuerKeys).values(key());
    await expectPgError(() => t.db.insert(issuerKeys).values(key()), {
      code: UNIQUE,
      constraint: "issuer_keys_one_active_per_purpose",
    });
  });
});

describe("identity and shop constraints", () => {
  async function insertUser(handle: string) {
    const partyId = await insertParty(t.db);
    const id = newId("user");
    await t.db
      .insert(users)
      .values({ id, partyId, handle, displayName: handle, webauthnUserId: newId("user") });
    return id;
  }

  it("keep handles unique regardless of case", async () => {
    await insertUser("Alice_1");
    await expectPgError(() => insertUser("alice_1"), {
      code: UNIQUE,
      constraint: "users_handle_lower_unique",
    });
  });

  it("keep a credential id with exactly one user", async () => {
    const first = await insertUser("cred_one");
    const second = await insertUser("cred_two");
    const passkey = (userId: string) => ({
      id: newId("passkey"),
      userId,
      credentialId: "same-credential",
      publicKey: new Uint8Array([1]),
      deviceType: "singleDevice" as const,
      backedUp: false,
      name: "Key",
    });
    await t.db.insert(passkeys).values(passkey(first));
    await expectPgError(() => t.db.insert(passkeys).values(passkey(second)), {
      code: UNIQUE,
      constraint: "passkeys_credential_id_unique",
    });
  });

  it("refuse negative stock and refunds beyond an order's total", async () => {
    const partyId = await insertParty(t.db, "shop");
    const shopId = newId("shop");
    await t.db
      .insert(shops)
      .values({ id: shopId, partyId, name: "Constraint shop", slug: `c-${Date.now()}`, currency: "EUR" });
    await expectPgError(
      () =>
        t.db
          .insert(products)
          .values({ id: newId("product"), shopId, name: "P", priceMinor: 100n, stock: -1 }),
      { code: CHECK, constraint: "products_stock_nonnegative" },
    );
    await expectPgError(
      () =>
        t.db
          .insert(orders)
          .values({ id: newId("order"), shopId, totalMinor: 100n, refundedMinor: 101n, currency: "EUR" }),
      { code: CHECK, constraint: "orders_refund_within_total" },
    );
    const count = await t.db.execute(sql`select count(*)::int as n from products where shop_id = ${shopId}`);
    expect(count[0]?.n).toBe(0);
  });
});
