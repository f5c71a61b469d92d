/**
 * The bank's answer to a payout file (issue 18): a camt.054 or pain.002 an admin uploads marks each payout sent or
 * returned; a returned payout is owed again (payout_returned, statement open, the bank's reason) and is paid in a
 * later batch. The same file twice changes nothing; hostile files are refused with nothing changed; lines that
 * are not ours are listed and left alone; the ledger check stays clean after each.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tx } from "../../db/client";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { sepaIdOf } from "../../lib/banking/sepa-text";
import { payoutOutcomeSentence } from "../../lib/charging/statement-words";
import { checkLedger, type LedgerViolation } from "../../lib/ledger/check-ledger";
import { beginExportPayoutBatch } from "../../lib/payouts/begin-export-payout-batch";
import { createPayoutBatch } from "../../lib/payouts/create-payout-batch";
import { exportPayoutBatch } from "../../lib/payouts/export-payout-batch";
import { getPayoutBatch } from "../../lib/payouts/get-payout-batch";
import { importBankAnswer } from "../../lib/payouts/import-bank-answer";
import { beginSubmitPayoutBatch, submitPayoutBatch } from "../../lib/payouts/submit-payout-batch";
import { withPayoutOutcomes } from "../../lib/payouts/with-payout-outcomes";
import { camt054Of, pain002Of } from "../support/bank-answer-files";
import {
  actorOf,
  expectAppError,
  expectLedgerClean,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { chargeNow, createPayee, payoutOf, setTestPayoutAccount } from "../support/payout-fixtures";

let t: TestDatabase;
let ada: TestUser;
let funder: TestUser;
const asAdmin = () => actorOf(ada, { isAdmin: true });
const twoDaysAgo = () => new Date(Date.now() - 2 * 86_400_000);
const bytes = (text: string) => new TextEncoder().encode(text);
const upload = (text: string) => importBankAnswer(t.db, asAdmin(), { bytes: bytes(text) });

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase({ max: 8 });
  ada = await createTestUser(t.db, { isAdmin: true });
  funder = await createTestUser(t.db);
});
afterAll(async () => {
  await t?.destroy();
});

async function payee(amountMinor: bigint, iban: string) {
  const user = await createPayee(t.db, funder, amountMinor);
  await setTestPayoutAccount(t.db, user.partyId, { iban, holderName: "Payee", changedAt: twoDaysAgo() });
  return user;
}

/** A batch of every open EUR payout, its file taken and (unless `send` is false) marked sent. */
async function batchOf(send = true): Promise<{ batchId: string; messageId: string }> {
  const { batchId } = await createPayoutBatch(t.db, asAdmin(), { currency: "EUR" });
  const begun = await beginExportPayoutBatch(t.db, asAdmin(), { batchId });
  await exportPayoutBatch(t.db, asAdmin(), {
    batchId,
    authorization: ada.authenticator.createAssertion(begun.options.challenge),
  });
  if (send) {
    const options = await beginSubmitPayoutBatch(t.db, asAdmin(), { batchId });
    await submitPayoutBatch(t.db, asAdmin(), {
      batchId,
      authorization: ada.authenticator.createAssertion(options.challenge),
    });
  }
  const [row] = await t.db.execute<{ message_id: string }>(
    sql`select message_id from payout_batches where id = ${batchId}`,
  );
  return { batchId, messageId: row!.message_id };
}

async function postingsOf(statementId: string) {
  return t.db.execute<{ kind: string; amount_minor: string }>(
    sql`select kind::text, amount_minor::text from postings where statement_id = ${statementId} order by created_at, kind`,
  );
}

async function everything() {
  return {
    postings: await t.db.execute(sql`select id from postings order by id`),
    statements: await t.db.execute(sql`select id, status from statements order by id`),
    items: await t.db.execute(sql`select id, state, return_reason_code from payout_batch_items order by id`),
    batches: await t.db.execute(sql`select id, status from payout_batches order by id`),
    imports: await t.db.execute(sql`select id from bank_answer_imports order by id`),
  };
}

describe("bank answers", () => {
  let a: TestUser;
  let b: TestUser;
  let c: TestUser;
  let first: { batchId: string; messageId: string };
  let camt: string;

  it("a camt.054 marks payouts sent and returned; unknown lines are listed as not ours", async () => {
    a = await payee(1250n, "FR1420041010050500013M02606");
    b = await payee(2000n, "NL91ABNA0417164300");
    c = await payee(2750n, "BE68539007547034");
    await chargeNow(t.db);
    first = await batchOf();
    const [sa, sb] = [await payoutOf(t.db, a.partyId), await payoutOf(t.db, b.partyId)];
    camt = camt054Of("NTF-1", [
      { endToEndId: sepaIdOf(sa.id), amount: "12.50" },
      { endToEndId: sepaIdOf(sb.id), amount: "20.00" },
      { endToEndId: sepaIdOf(sb.id), amount: "20.00", returned: { code: "AC04", text: "Account closed" } },
      { endToEndId: "stm+NotOursNotOursNotOurs1", amount: "5.00" },
    ]);
    // Not an admin: refused, nothing read.
    await expectAppError(importBankAnswer(t.db, actorOf(a), { bytes: bytes(camt) }), "FORBIDDEN");

    const result = await upload(camt);
    expect(result).toMatchObject({ alreadyImported: false, kind: "camt054", sent: 2 });
    expect(result.returned).toEqual([
      { endToEndId: sepaIdOf(sb.id), amountMinor: 2000n, reasonCode: "AC04", reasonText: "Account closed" },
    ]);
    expect(result.notOurs).toEqual([{ endToEndId: "stm+NotOursNotOursNotOurs1", why: "unknown" }]);
    expect((await payoutOf(t.db, a.partyId)).status).toBe("settled");
    expect((await payoutOf(t.db, b.partyId)).status).toBe("open");
    expect(await postingsOf(sb.id)).toEqual([
      { kind: "payout_sent", amount_minor: "2000" },
      { kind: "payout_returned", amount_minor: "2000" },
    ]);
    const batch = await getPayoutBatch(t.db, asAdmin(), { batchId: first.batchId });
    const lines = batch.items.map((item) => [item.amount.amountMinor, item.state, item.returnReasonCode]);
    expect(lines.sort((x, y) => (x[0]! < y[0]! ? -1 : 1))).toEqual([
      [1250n, "confirmed", null],
      [2000n, "returned", "AC04"],
      [2750n, "included", null],
    ]);
    // The payees read it on their statements.
    const words = await withPayoutOutcomes(t.db, [
      { id: sa.id, kind: "payout" as const },
      { id: sb.id, kind: "payout" as const },
    ]);
    expect(payoutOutcomeSentence(words[0]!.payout!)).toMatch(/^Paid out on \d+ \w+ \d{4} to FR•• … 2606$/);
    expect(payoutOutcomeSentence(words[1]!.payout!)).toMatch(
      /^Returned by the bank on .*: the account is closed; Scrip will pay again once the bank account is corrected$/,
    );
    await expectLedgerClean(t.db);
  });

  it("the same file again changes nothing", async () => {
    const before = await everything();
    const again = await upload(camt);
    expect(again).toMatchObject({ alreadyImported: true, sent: 2 });
    expect(await everything()).toEqual(before);
  });

  it("a returned payout is paid again in a new batch; the bank's confirmation settles it once more", async () => {
    const sb = await payoutOf(t.db, b.partyId);
    await setTestPayoutAccount(t.db, b.partyId, {
      iban: "AT611904300234573201",
      holderName: "Payee",
      changedAt: twoDaysAgo(),
    });
    const second = await batchOf();
    const batch = await getPayoutBatch(t.db, asAdmin(), { batchId: second.batchId });
    expect(batch.items.map((item) => [item.amount.amountMinor, item.state])).toEqual([[2000n, "included"]]);
    expect((await payoutOf(t.db, b.partyId)).status).toBe("settled");
    const result = await upload(camt054Of("NTF-2", [{ endToEndId: sepaIdOf(sb.id), amount: "20.00" }]));
    expect(result.sent).toBe(1);
    expect(await postingsOf(sb.id)).toEqual([
      { kind: "payout_sent", amount_minor: "2000" },
      { kind: "payout_returned", amount_minor: "2000" },
      { kind: "payout_sent", amount_minor: "2000" },
    ]);
    expect((await getPayoutBatch(t.db, asAdmin(), { batchId: second.batchId })).status).toBe("closed");
    await expectLedgerClean(t.db);
  });

  it("a pain.002 rejection puts the payout back to owed with the reason", async () => {
    const sc = await payoutOf(t.db, c.partyId);
    const sa = await payoutOf(t.db, a.partyId);
    const report = pain002Of("STS-1", first.messageId, [
      { endToEndId: sepaIdOf(sa.id), status: "ACSC" },
      {
        endToEndId: sepaIdOf(sc.id),
        status: "RJCT",
        reason: { code: "AC01", text: "Incorrect account number" },
        amount: "27.50",
      },
    ]);
    const result = await upload(report);
    expect(result.kind).toBe("pain002");
    expect(result.returned).toEqual([
      {
        endToEndId: sepaIdOf(sc.id),
        amountMinor: 2750n,
        reasonCode: "AC01",
        reasonText: "Incorrect account number",
      },
    ]);
    expect(result.unchanged).toBe(1);
    expect((await payoutOf(t.db, c.partyId)).status).toBe("open");
    expect((await getPayoutBatch(t.db, asAdmin(), { batchId: first.batchId })).status).toBe("closed");
    await expectLedgerClean(t.db);
  });

  it("a line with another amount is not ours and changes nothing", async () => {
    const d = await payee(900n, "DE89370400440532013000");
    await chargeNow(t.db);
    await setTestPayoutAccount(t.db, c.partyId, {
      iban: "FR1420041010050500013M02606",
      holderName: "Payee",
      changedAt: new Date(),
    });
    const batch = await batchOf(false);
    const sd = await payoutOf(t.db, d.partyId);
    const before = await everything();
    const result = await upload(camt054Of("NTF-3", [{ endToEndId: sepaIdOf(sd.id), amount: "9.01" }]));
    expect(result.notOurs).toEqual([{ endToEndId: sepaIdOf(sd.id), why: "amount" }]);
    const after = await everything();
    expect(after.postings).toEqual(before.postings);
    expect(after.items).toEqual(before.items);
    // The bank booked it although nobody marked the batch sent: the confirmation settles it (the bank paid it).
    await upload(camt054Of("NTF-4", [{ endToEndId: sepaIdOf(sd.id), amount: "9.00" }]));
    expect((await payoutOf(t.db, d.partyId)).status).toBe("settled");
    expect((await getPayoutBatch(t.db, asAdmin(), { batchId: batch.batchId })).status).toBe("closed");
    await expectLedgerClean(t.db);
  });

  it("hostile, malformed, huge and wrong-currency files are refused with nothing changed", async () => {
    const before = await everything();
    const sa = await payoutOf(t.db, a.partyId);
    const doctype = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>&lol2;</BkToCstmrDbtCdtNtfctn></Document>`;
    await expectAppError(upload(doctype), "VALIDATION_FAILED");
    await expectAppError(
      upload(
        camt054Of("NTF-X", [{ endToEndId: sepaIdOf(sa.id), amount: "12.50" }]).replace("</Document>", ""),
      ),
      "VALIDATION_FAILED",
    );
    await expectAppError(
      upload(
        camt054Of("NTF-Y", [
          { endToEndId: sepaIdOf(sa.id), amount: "12.50", returned: { code: "AC04" }, currency: "USD" },
        ]),
      ),
      "VALIDATION_FAILED",
    );
    await expectAppError(upload("name,amount\nx,1\n"), "VALIDATION_FAILED");
    const huge = `${camt054Of("NTF-Z", [])}${"<!-- padding -->".repeat(400_000)}`;
    await expectAppError(upload(huge), "PAYLOAD_TOO_LARGE");
    expect(await everything()).toEqual(before);
    await expectLedgerClean(t.db);
  });

  it("two uploads of the same file at once apply it once", async () => {
    const sb = await payoutOf(t.db, b.partyId);
    const file = camt054Of("NTF-5", [
      { endToEndId: sepaIdOf(sb.id), amount: "20.00", returned: { code: "MS03" } },
    ]);
    const results = await Promise.all([upload(file), upload(file)]);
    expect(results.map((r) => r.alreadyImported).sort()).toEqual([false, true]);
    expect((await postingsOf(sb.id)).filter((p) => p.kind === "payout_returned")).toHaveLength(2);
    expect((await payoutOf(t.db, b.partyId)).status).toBe("open");
    await expectLedgerClean(t.db);
  });

  it("the ledger check finds a payout whose sends and returns do not add up", async () => {
    const sa = await payoutOf(t.db, a.partyId);
    const sb = await payoutOf(t.db, b.partyId);
    class Rollback extends Error {}
    const violationsAfter = async (corrupt: (tx: Tx) => Promise<unknown>) => {
      let found: LedgerViolation[] = [];
      await t.db
        .transaction(async (tx) => {
          await tx.execute(sql`set local session_replication_role = replica`);
          await corrupt(tx);
          found = await checkLedger(tx);
          throw new Rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        });
      return found.map((v) => v.message);
    };
    // A paid payout put back to owed without a payout_returned.
    expect(
      await violationsAfter((tx) =>
        tx.execute(sql`update statements set status = 'open', settled_at = null, settlement_posting_id = null
          where id = ${sa.id}`),
      ),
    ).toEqual([expect.stringMatching(/^a payout's sends and returns do not add up/)]);
    // A return that does not mirror its send.
    expect(
      await violationsAfter((tx) =>
        tx.execute(sql`update postings set amount_minor = amount_minor + 1
          where statement_id = ${sb.id} and kind = 'payout_returned'`),
      ),
    ).toEqual(
      expect.arrayContaining([expect.stringMatching(/^a payout_returned does not reverse a payout_sent/)]),
    );
    await expectLedgerClean(t.db);
  });
});
