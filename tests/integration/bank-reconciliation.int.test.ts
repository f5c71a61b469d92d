import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { creditorReferenceOf, isCreditorReference } from "../../lib/banking/creditor-reference";
import { maxBankFileBytes } from "../../lib/banking/read-bank-xml";
import { demoScripAccount } from "../../lib/banking/scrip-account";
import { xmllint } from "../../lib/banking/testing/xmllint";
import { settleOperation } from "../../lib/charging/operations";
import { runCharging } from "../../lib/charging/run-charging";
import { checkLedger, type LedgerViolation } from "../../lib/ledger/check-ledger";
import { importBankStatement } from "../../lib/reconciliation/import-bank-statement";
import { invoicePaymentOf } from "../../lib/reconciliation/invoice-payment";
import { listBankReview } from "../../lib/reconciliation/list-bank-review";
import { matchCreditOperation } from "../../lib/reconciliation/operations";
import { dismissCredit, matchCreditByHand } from "../../lib/reconciliation/resolve-review";
import { settleStatements } from "../../lib/settlement/settle-statements";
import { type Camt053Line, camt053Of } from "../support/camt053-builder";
import {
  actorOf,
  authorize,
  createUsers,
  expectAppError,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";

let t: TestDatabase;
let admin: TestUser;
let payers: TestUser[];
/** Each payer's invoice: id, RF reference, amount. */
const invoices: { id: string; reference: string; amountMinor: bigint }[] = [];
const amounts = [400n, 500n, 600n, 700n, 800n, 900n, 1000n, 1100n];
const dayMs = 86_400_000;
const periodEnd = new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs);
const adminActor = () => actorOf(admin, { isAdmin: true });
const iban = demoScripAccount.iban;
const euros = (minor: bigint) => `${minor / 100n}.${(minor % 100n).toString().padStart(2, "0")}`;

/** A statement file of Scrip's account, checked against our camt.053 XSD before it is used. */
async function statementFile(
  id: string,
  lines: Camt053Line[],
  options: { iban?: string; currency?: string } = {},
) {
  const xml = camt053Of({ id, iban: options.iban ?? iban, lines, currency: options.currency });
  const verdict = await xmllint(xml, "camt.053.001.08.xsd");
  expect(verdict.valid, verdict.output).toBe(true);
  return new TextEncoder().encode(xml);
}

const importFile = (bytes: Uint8Array) => importBankStatement(t.db, adminActor(), { bytes });

/** What a refused or repeated import must leave as it was. */
async function snapshot() {
  const [row] = await t.db.execute<{
    imports: string;
    credits: string;
    postings: string;
    settled: string;
  }>(sql`
    select (select count(*) from bank_statement_imports) as imports, (select count(*) from bank_credits) as credits,
      (select count(*) from postings) as postings,
      (select count(*) from statements where status = 'settled') as settled`);
  return row;
}

async function settlementPostingsOf(statementId: string): Promise<number> {
  const [row] = await t.db.execute<{ n: number }>(
    sql`select count(*)::int as n from postings where statement_id = ${statementId} and kind = 'invoice_settled'`,
  );
  return row?.n ?? 0;
}

async function creditByKey(key: string) {
  const [row] = await t.db.execute<{
    id: string;
    status: string;
    statement_id: string | null;
    note: string | null;
  }>(sql`select id, status, statement_id, note from bank_credits where credit_key = ${key}`);
  return row;
}

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { isAdmin: true });
  const [receiver, ...rest] = await createUsers(t.db, amounts.length + 1);
  payers = rest;
  for (const [index, payer] of payers.entries()) {
    const coupon = await issueTestCoupon(t.db, payer, { amountMinor: amounts[index] });
    await giveTestCoupon(t.db, payer, receiver!, coupon);
  }
  await runCharging(t.db, {
    actor: systemActor("test"),
    periodEnd,
    now: new Date(periodEnd.getTime() + 1000),
  });
  for (const payer of payers) {
    const [row] = await t.db.execute<{ id: string; creditor_reference: string; amount_minor: string }>(
      sql`select id, creditor_reference, amount_minor from statements where party_id = ${payer.partyId} and kind = 'invoice'`,
    );
    invoices.push({
      id: row!.id,
      reference: row!.creditor_reference,
      amountMinor: BigInt(row!.amount_minor),
    });
  }
});
afterAll(async () => {
  await t?.destroy();
});

describe("invoices carry a payment reference and a QR code", () => {
  it("gives every new invoice its own valid RF reference, the one the ISO 11649 rules make of its number", async () => {
    expect(invoices.map((invoice) => invoice.amountMinor)).toEqual(amounts);
    for (const invoice of invoices) {
      expect(isCreditorReference(invoice.reference)).toBe(true);
      expect(creditorReferenceOf(invoice.reference.slice(4))).toBe(invoice.reference);
    }
    expect(new Set(invoices.map((invoice) => invoice.reference)).size).toBe(invoices.length);
    // Unique and immutable in the database too.
    await expect(
      t.db.execute(
        sql`update statements set creditor_reference = ${invoices[1]!.reference} where id = ${invoices[0]!.id}`,
      ),
    ).rejects.toThrow();
  });

  it("backfills existing invoices with distinct references in migration 0024", async () => {
    const file = path.resolve(import.meta.dirname, "../../db/migrations/0024_bank_reconciliation.sql");
    const step = fs
      .readFileSync(file, "utf8")
      .split("--> statement-breakpoint")
      .find((part) => part.includes("UPDATE statements s SET creditor_reference"));
    expect(step).toBeDefined();
    class Rollback extends Error {}
    await t.db
      .transaction(async (tx) => {
        // As before the migration: invoices without a reference.
        await tx.execute(sql`alter table statements drop constraint statements_reference_only_invoices`);
        await tx.execute(sql`drop trigger statements_reference_guard on statements`);
        await tx.execute(sql`update statements set creditor_reference = null`);
        await tx.execute(sql.raw(step as string));
        const rows = await tx.execute<{ kind: string; creditor_reference: string | null }>(
          sql`select kind::text, creditor_reference from statements`,
        );
        const references = rows
          .filter((row) => row.kind === "invoice")
          .map((row) => row.creditor_reference ?? "");
        expect(references).toHaveLength(invoices.length);
        expect(references.every((reference) => isCreditorReference(reference))).toBe(true);
        expect(new Set(references).size).toBe(references.length);
        expect(rows.filter((row) => row.kind !== "invoice" && row.creditor_reference !== null)).toEqual([]);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
  });

  it("writes the EPC QR payload of an invoice line by line; other currencies get no QR", () => {
    const invoice = invoices[0]!;
    const payment = invoicePaymentOf({
      kind: "invoice",
      status: "open",
      amountMinor: invoice.amountMinor,
      currency: "EUR",
      creditorReference: invoice.reference,
    });
    expect(payment?.epcPayload?.split("\n")).toEqual([
      "BCD",
      "002",
      "1",
      "SCT",
      "COBADEFFXXX",
      "Scrip Demo Issuer",
      "DE89370400440532013000",
      "EUR4.00",
      "",
      invoice.reference,
    ]);
    expect(payment?.iban).toBe("DE89 3704 0044 0532 0130 00");
    expect(payment?.reference.replace(/ /g, "")).toBe(invoice.reference);
    const dollars = invoicePaymentOf({
      kind: "invoice",
      status: "open",
      amountMinor: 400n,
      currency: "USD",
      creditorReference: invoice.reference,
    });
    expect(dollars?.epcPayload).toBeNull();
    expect(dollars?.currency).toBe("USD");
    expect(
      invoicePaymentOf({
        kind: "invoice",
        status: "settled",
        amountMinor: 1n,
        currency: "EUR",
        creditorReference: invoice.reference,
      }),
    ).toBeNull();
  });
});

describe("importing a camt.053 statement", () => {
  it("refuses anyone without settlement.write, before reading", async () => {
    const bytes = await statementFile("STM-NOPE", [
      { key: "K-NOPE", amount: "4.00", reference: invoices[0]!.reference },
    ]);
    await expectAppError(importBankStatement(t.db, actorOf(payers[0]!), { bytes }), "FORBIDDEN");
  });

  it("refuses hostile and foreign files with a clear message, changing nothing", async () => {
    const before = await snapshot();
    const good = camt053Of({
      id: "STM-H",
      iban,
      lines: [{ key: "K-H", amount: "4.00", reference: invoices[0]!.reference }],
    });
    const huge = good.replace("</Document>", `<!-- ${"x".repeat(maxBankFileBytes)} --></Document>`);
    await expectAppError(importFile(new TextEncoder().encode(huge)), "PAYLOAD_TOO_LARGE");
    const entity = good.replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Document [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>',
    );
    await expectAppError(importFile(new TextEncoder().encode(entity)), "VALIDATION_FAILED");
    await expectAppError(
      importFile(new TextEncoder().encode(good.slice(0, good.length / 2))),
      "VALIDATION_FAILED",
    );
    const foreign = await statementFile(
      "STM-F",
      [{ key: "K-F", amount: "4.00", reference: invoices[0]!.reference }],
      {
        iban: "GB33BUKB20201555555555",
      },
    );
    const refusal = await importFile(foreign).catch((error: Error) => error);
    expect((refusal as Error).message).toMatch(
      /^This bank statement is for the account GB.*not Scrip's account DE/,
    );
    const dollars = await statementFile(
      "STM-USD",
      [{ key: "K-USD", amount: "4.00", reference: invoices[0]!.reference }],
      {
        currency: "USD",
      },
    );
    await expect(importFile(dollars)).rejects.toThrow(/EUR|euro/);
    expect(await snapshot()).toEqual(before);
  });

  it("settles exact matches once each and queues partial, overpaid, unknown and unreferenced credits; debits ignored", async () => {
    const [first, second, third, fourth] = invoices as [
      (typeof invoices)[0],
      (typeof invoices)[0],
      (typeof invoices)[0],
      (typeof invoices)[0],
    ];
    const bytes = await statementFile("STM-A", [
      { key: "A-1", amount: euros(first.amountMinor), reference: first.reference, debtor: "Zoë Müller" },
      { key: "A-2", amount: euros(second.amountMinor - 100n), reference: second.reference },
      { key: "A-3", amount: euros(third.amountMinor + 1n), reference: third.reference },
      { key: "A-4", amount: "9.99", reference: creditorReferenceOf("99999999") },
      { key: "A-5", amount: "1.00", text: "thanks for the coffee" },
      { key: "A-6", amount: "50.00", direction: "DBIT" },
      {
        key: "A-7",
        amount: euros(fourth.amountMinor),
        text: fourth.reference.replace(/(.{4})/g, "$1 ").toLowerCase(),
      },
    ]);
    const result = await importFile(bytes);
    expect(result).toMatchObject({ credits: 6, matched: 2, review: 4, repeated: 0 });
    expect(new Set(result.settledStatementIds)).toEqual(new Set([first.id, fourth.id]));
    expect(await settlementPostingsOf(first.id)).toBe(1);
    expect(await settlementPostingsOf(fourth.id)).toBe(1);
    expect(await settlementPostingsOf(second.id)).toBe(0);
    expect(await settlementPostingsOf(third.id)).toBe(0);
    expect((await creditByKey("A-1"))?.status).toBe("matched");
    expect(await creditByKey("A-2")).toMatchObject({ status: "review_partial", statement_id: second.id });
    expect(await creditByKey("A-3")).toMatchObject({ status: "review_overpaid", statement_id: third.id });
    expect(await creditByKey("A-4")).toMatchObject({ status: "review_unmatched", statement_id: null });
    expect((await creditByKey("A-5"))?.status).toBe("review_unmatched");
    expect(await creditByKey("A-6")).toBeUndefined();
    const queue = await listBankReview(t.db, adminActor());
    expect(queue.review.map((credit) => credit.status).sort()).toEqual([
      "review_overpaid",
      "review_partial",
      "review_unmatched",
      "review_unmatched",
    ]);
    await expectLedgerClean(t.db);

    // The same file again: refused as already imported, nothing changes.
    const before = await snapshot();
    await expect(importFile(bytes)).rejects.toThrow(/already imported/);
    expect(await snapshot()).toEqual(before);

    // Another file repeating a credit (same bank key) does not apply it again; a second payment of a paid invoice
    // waits for review.
    const again = await statementFile("STM-B", [
      { key: "A-1", amount: euros(first.amountMinor), reference: first.reference },
      { key: "B-1", amount: euros(first.amountMinor), reference: first.reference },
    ]);
    expect(await importFile(again)).toMatchObject({ credits: 2, matched: 0, review: 1, repeated: 1 });
    expect(await settlementPostingsOf(first.id)).toBe(1);
    expect(await creditByKey("B-1")).toMatchObject({ status: "review_overpaid", statement_id: first.id });
    await expectLedgerClean(t.db);
  });

  it("applies a file once when two uploads of it race", async () => {
    const invoice = invoices[4]!;
    const bytes = await statementFile("STM-C", [
      { key: "C-1", amount: euros(invoice.amountMinor), reference: invoice.reference },
    ]);
    const outcomes = await Promise.allSettled([importFile(bytes), importFile(bytes), importFile(bytes)]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(String(outcome.reason)).toMatch(/already imported/);
    }
    expect(await settlementPostingsOf(invoice.id)).toBe(1);
    await expectLedgerClean(t.db);
  });

  it("applies a credit once when two different files holding it race", async () => {
    const invoice = invoices[6]!;
    const line = { key: "D-1", amount: euros(invoice.amountMinor), reference: invoice.reference };
    const files = await Promise.all([statementFile("STM-D1", [line]), statementFile("STM-D2", [line])]);
    const results = await Promise.all(files.map(importFile));
    expect(results.map((result) => result.matched).sort()).toEqual([0, 1]);
    expect(results.map((result) => result.repeated).sort()).toEqual([0, 1]);
    expect(await settlementPostingsOf(invoice.id)).toBe(1);
    await expectLedgerClean(t.db);
  });

  it("settles an invoice once when an admin settles it by hand while its payment is imported", async () => {
    const invoice = invoices[5]!;
    const bytes = await statementFile("STM-E", [
      { key: "E-1", amount: euros(invoice.amountMinor), reference: invoice.reference },
    ]);
    const authorization = await authorize(t.db, admin, settleOperation([invoice.id]));
    const [byHand, imported] = await Promise.all([
      settleStatements(t.db, { actor: adminActor(), statementIds: [invoice.id], authorization }),
      importFile(bytes),
    ]);
    expect(await settlementPostingsOf(invoice.id)).toBe(1);
    if (imported.matched === 1) {
      expect(byHand.alreadySettled).toEqual([invoice.id]);
    } else {
      expect(byHand.settled).toEqual([invoice.id]);
      expect((await creditByKey("E-1"))?.status).toBe("review_overpaid");
    }
    await expectLedgerClean(t.db);
  });
});

describe("the review queue", () => {
  it("matches a credit to an invoice by hand only with the admin's passkey, once", async () => {
    const invoice = invoices[1]!;
    const credit = (await creditByKey("A-2"))!;
    await expectAppError(
      matchCreditByHand(t.db, actorOf(payers[0]!), { creditId: credit.id, reference: invoice.reference }),
      "FORBIDDEN",
    );
    await expect(
      matchCreditByHand(t.db, adminActor(), { creditId: credit.id, reference: invoice.reference }),
    ).rejects.toThrow();
    // A passkey assertion over another credit's match is refused.
    const other = (await creditByKey("A-3"))!;
    const wrong = await authorize(t.db, admin, matchCreditOperation(other.id, invoice.reference));
    await expect(
      matchCreditByHand(t.db, adminActor(), {
        creditId: credit.id,
        reference: invoice.reference,
        authorization: wrong,
      }),
    ).rejects.toThrow();
    expect(await settlementPostingsOf(invoice.id)).toBe(0);

    const authorization = await authorize(t.db, admin, matchCreditOperation(credit.id, invoice.reference));
    const result = await matchCreditByHand(t.db, adminActor(), {
      creditId: credit.id,
      reference: invoice.reference.replace(/(.{4})/g, "$1 ").toLowerCase(),
      authorization,
    });
    expect(result.statementId).toBe(invoice.id);
    expect(await settlementPostingsOf(invoice.id)).toBe(1);
    expect(await creditByKey("A-2")).toMatchObject({ status: "matched_by_hand", statement_id: invoice.id });
    const again = await authorize(t.db, admin, matchCreditOperation(credit.id, invoice.reference));
    await expectAppError(
      matchCreditByHand(t.db, adminActor(), {
        creditId: credit.id,
        reference: invoice.reference,
        authorization: again,
      }),
      "CONFLICT",
    );
    await expectLedgerClean(t.db);
  });

  it("dismisses a credit with a reason, once, audited", async () => {
    const credit = (await creditByKey("A-4"))!;
    await expectAppError(
      dismissCredit(t.db, adminActor(), { creditId: credit.id, reason: "" }),
      "VALIDATION_FAILED",
    );
    await dismissCredit(t.db, adminActor(), {
      creditId: credit.id,
      reason: "Sent back to the payer by the bank.",
    });
    expect(await creditByKey("A-4")).toMatchObject({
      status: "dismissed",
      note: "Sent back to the payer by the bank.",
    });
    await expectAppError(
      dismissCredit(t.db, adminActor(), { creditId: credit.id, reason: "again" }),
      "CONFLICT",
    );
    const [audit] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where action = 'bank.credit_dismissed' and target_id = ${credit.id}`,
    );
    expect(audit?.n).toBe(1);
    // Bank credits are evidence: never deleted.
    await expect(t.db.execute(sql`delete from bank_credits where id = ${credit.id}`)).rejects.toThrow();
    await expectLedgerClean(t.db);
  });
});

describe("the ledger check of bank credits", () => {
  class Rollback extends Error {}
  /** The violations after a deliberate corruption (triggers off), rolled back afterwards. */
  async function violationsAfter(corrupt: string[]): Promise<LedgerViolation[]> {
    let found: LedgerViolation[] = [];
    await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        for (const statement of corrupt) await tx.execute(sql.raw(statement));
        found = await checkLedger(tx);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    return found;
  }
  const messages = (violations: LedgerViolation[]) => violations.map((violation) => violation.message);

  it("finds a matched credit whose amount differs, a credit recorded twice, and an invoice without a reference", async () => {
    const matched = (await creditByKey("A-1"))!;
    expect(
      messages(
        await violationsAfter([
          `update bank_credits set amount_minor = amount_minor + 1 where id = '${matched.id}'`,
        ]),
      ),
    ).toEqual([expect.stringMatching(/^a bank credit matched to an invoice does not settle it/)]);
    expect(
      messages(
        await violationsAfter([
          "drop index bank_credits_key_unique",
          "drop index bank_credits_posting_unique",
          `insert into bank_credits (id, import_id, credit_key, amount_minor, currency, status, statement_id, posting_id)
           select 'bcr_copy', import_id, credit_key, amount_minor, currency, status, statement_id, posting_id
           from bank_credits where id = '${matched.id}'`,
        ]),
      ),
    ).toEqual([expect.stringMatching(/recorded on more than one bank credit/)]);
    expect(
      messages(
        await violationsAfter([
          "alter table statements drop constraint statements_reference_only_invoices",
          `update statements set creditor_reference = null where id = '${invoices[7]!.id}'`,
        ]),
      ),
    ).toEqual([expect.stringMatching(/^an invoice has no payment reference/)]);
    expect(await checkLedger(t.db)).toEqual([]);
  });
});
