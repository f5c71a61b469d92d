/**
 * Paying out (issue 18): a payout batch of one currency's open payouts, its pain.001 bank file (validated with
 * xmllint against our XSD), the passkey bound to the batch and the file, and "marked sent to the bank" through
 * the settlement path (its dual control included).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { sepaIdOf } from "../../lib/banking/sepa-text";
import { xmllint } from "../../lib/banking/testing/xmllint";
import { beginExportPayoutBatch } from "../../lib/payouts/begin-export-payout-batch";
import { createPayoutBatch } from "../../lib/payouts/create-payout-batch";
import { exportPayoutBatch } from "../../lib/payouts/export-payout-batch";
import { getPayoutBatch } from "../../lib/payouts/get-payout-batch";
import { importBankAnswer } from "../../lib/payouts/import-bank-answer";
import { listOpenPayouts } from "../../lib/payouts/list-open-payouts";
import { listPayoutBatches } from "../../lib/payouts/list-payout-batches";
import { exportPayoutBatchOperation } from "../../lib/payouts/operations";
import { beginSubmitPayoutBatch, submitPayoutBatch } from "../../lib/payouts/submit-payout-batch";
import { withdrawPayoutBatch } from "../../lib/payouts/withdraw-payout-batch";
import { approveSettlement } from "../../lib/settlement/approve-settlement";
import { settlementApprovalOperation } from "../../lib/settlement/settlement-approval-operation";
import { camt054Of } from "../support/bank-answer-files";
import {
  actorOf,
  authorize,
  expectAppError,
  expectLedgerClean,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { chargeNow, createPayee, payoutOf, setTestPayoutAccount } from "../support/payout-fixtures";

let t: TestDatabase;
let ada: TestUser;
let ben: TestUser;
let funder: TestUser;
const asAdmin = (user: TestUser) => actorOf(user, { isAdmin: true });
const dayAgo = () => new Date(Date.now() - 2 * 86_400_000);

beforeAll(async () => {
  setupCouponEnvironment();
  process.env.SCRIP_DUAL_CONTROL_MINOR = "100000";
  t = await createTestDatabase({ max: 8 });
  ada = await createTestUser(t.db, { isAdmin: true });
  ben = await createTestUser(t.db, { isAdmin: true });
  funder = await createTestUser(t.db);
});
afterAll(async () => {
  delete process.env.SCRIP_DUAL_CONTROL_MINOR;
  await t?.destroy();
});

/** Takes a batch's file the way the page does: options (file built, passkey bound to it), assertion, export. */
async function takeFile(by: TestUser, batchId: string) {
  const begun = await beginExportPayoutBatch(t.db, asAdmin(by), { batchId });
  const authorization = by.authenticator.createAssertion(begun.options.challenge);
  return exportPayoutBatch(t.db, asAdmin(by), { batchId, authorization });
}

async function markSent(by: TestUser, batchId: string) {
  const options = await beginSubmitPayoutBatch(t.db, asAdmin(by), { batchId });
  return submitPayoutBatch(t.db, asAdmin(by), {
    batchId,
    authorization: by.authenticator.createAssertion(options.challenge),
  });
}

describe("payout batches", () => {
  let paid: TestUser;
  let other: TestUser;
  let noAccount: TestUser;
  let fresh: TestUser;
  let batchId: string;

  it("holds the open payouts of a currency: included, blocked without an account, held after a change", async () => {
    paid = await createPayee(t.db, funder, 1250n);
    other = await createPayee(t.db, funder, 730n);
    noAccount = await createPayee(t.db, funder, 400n);
    fresh = await createPayee(t.db, funder, 999n);
    await setTestPayoutAccount(t.db, paid.partyId, {
      iban: "FR1420041010050500013M02606",
      holderName: "Zoë Müller",
      changedAt: dayAgo(),
    });
    await setTestPayoutAccount(t.db, other.partyId, {
      iban: "NL91ABNA0417164300",
      holderName: "Other Person",
      changedAt: dayAgo(),
    });
    await setTestPayoutAccount(t.db, fresh.partyId, {
      iban: "AT611904300234573201",
      holderName: "Fresh Person",
      changedAt: new Date(),
    });
    await chargeNow(t.db);

    // Not an admin: refused, nothing made.
    await expectAppError(createPayoutBatch(t.db, actorOf(paid), { currency: "EUR" }), "FORBIDDEN");
    expect((await t.db.execute(sql`select 1 from payout_batches`)).length).toBe(0);

    const made = await createPayoutBatch(t.db, asAdmin(ada), { currency: "EUR" });
    expect(made).toMatchObject({ included: 2, blockedNoAccount: 1, heldForReview: 1 });
    batchId = made.batchId;
    const batch = await getPayoutBatch(t.db, asAdmin(ada), { batchId });
    const byParty = new Map(batch.items.map((item) => [item.partyName, item]));
    expect(batch.items).toHaveLength(4);
    expect(
      batch.items
        .filter((item) => item.state === "included")
        .map((i) => i.amount.amountMinor)
        .sort((a, b) => (a < b ? -1 : 1)),
    ).toEqual([730n, 1250n]);
    expect(batch.items.find((item) => item.state === "held_for_review")?.heldUntil).toBeInstanceOf(Date);
    expect(byParty.size).toBe(4);

    // The included payouts are in no other batch: a second batch finds nothing left to pay.
    await expectAppError(createPayoutBatch(t.db, asAdmin(ben), { currency: "EUR" }), "CONFLICT");
    const listed = await listPayoutBatches(t.db, asAdmin(ada));
    expect(listed[0]).toMatchObject({ batchId, currency: "EUR", included: 2, blocked: 2, status: "draft" });
    expect(listed[0]?.total.amountMinor).toBe(1980n);
  });

  it("exports a pain.001 the XSD accepts, with the amounts, IBANs and statement references", async () => {
    const file = await takeFile(ada, batchId);
    expect((await xmllint(file.content, "pain.001.001.09.xsd")).valid).toBe(true);
    expect(file.content).toContain("<NbOfTxs>2</NbOfTxs>");
    expect(file.content).toContain("<CtrlSum>19.80</CtrlSum>");
    expect(file.content).toContain(
      `<EndToEndId>${sepaIdOf((await payoutOf(t.db, paid.partyId)).id)}</EndToEndId>`,
    );
    expect(file.content).toContain(
      `<EndToEndId>${sepaIdOf((await payoutOf(t.db, other.partyId)).id)}</EndToEndId>`,
    );
    expect(file.content).toContain("<IBAN>FR1420041010050500013M02606</IBAN>");
    expect(file.content).toContain("<Nm>Zoe Muller</Nm>");
    expect(file.content).toContain('<InstdAmt Ccy="EUR">12.50</InstdAmt>');
    expect(file.content).not.toContain("AT611904300234573201");
    expect(file.content).not.toContain(sepaIdOf((await payoutOf(t.db, noAccount.partyId)).id));
    // Downloading again gives the identical file.
    const again = await takeFile(ben, batchId);
    expect(again.content).toBe(file.content);
    expect(again.sha256).toBe(file.sha256);
    expect((await getPayoutBatch(t.db, asAdmin(ada), { batchId })).status).toBe("exported");
  });

  it("binds the passkey to this batch and this file: a replayed or another batch's assertion is refused", async () => {
    const begun = await beginExportPayoutBatch(t.db, asAdmin(ada), { batchId });
    const authorization = ada.authenticator.createAssertion(begun.options.challenge);
    await exportPayoutBatch(t.db, asAdmin(ada), { batchId, authorization });
    await expectAppError(
      exportPayoutBatch(t.db, asAdmin(ada), { batchId, authorization }),
      "STEP_UP_INVALID",
    );
    const otherFile = await authorize(t.db, ada, exportPayoutBatchOperation(batchId, "0".repeat(64)));
    await expectAppError(
      exportPayoutBatch(t.db, asAdmin(ada), { batchId, authorization: otherFile }),
      "STEP_UP_INVALID",
    );
    const otherBatch = await authorize(
      t.db,
      ada,
      exportPayoutBatchOperation("pob_AAAAAAAAAAAAAAAAAAAAAA", begun.sha256),
    );
    await expectAppError(
      exportPayoutBatch(t.db, asAdmin(ada), { batchId, authorization: otherBatch }),
      "STEP_UP_INVALID",
    );
    await expectAppError(exportPayoutBatch(t.db, asAdmin(ada), { batchId }), "STEP_UP_INVALID");
    // Not an admin: refused before anything.
    await expectAppError(beginExportPayoutBatch(t.db, actorOf(paid), { batchId }), "FORBIDDEN");
    await expectAppError(exportPayoutBatch(t.db, actorOf(paid), { batchId, authorization }), "FORBIDDEN");
  });

  it("marks the batch sent once (one payout_sent each), even when two admins do it at once", async () => {
    const results = await Promise.allSettled([markSent(ada, batchId), markSent(ben, batchId)]);
    const settled = results.flatMap((r) => (r.status === "fulfilled" ? r.value.settled : []));
    expect(settled).toHaveLength(2);
    const [row] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from postings p join payout_batch_items i on i.statement_id = p.statement_id
        where i.batch_id = ${batchId} and p.kind = 'payout_sent'`,
    );
    expect(row?.n).toBe(2);
    expect((await payoutOf(t.db, paid.partyId)).status).toBe("settled");
    expect((await payoutOf(t.db, noAccount.partyId)).status).toBe("open");
    expect((await getPayoutBatch(t.db, asAdmin(ada), { batchId })).status).toBe("sent");
    await expectLedgerClean(t.db);
  });

  it("a file of a batch whose payee changed their bank account since is refused: make a new batch", async () => {
    const payee = await createPayee(t.db, funder, 500n);
    await setTestPayoutAccount(t.db, payee.partyId, {
      iban: "BE68539007547034",
      holderName: "Changer",
      changedAt: dayAgo(),
    });
    await chargeNow(t.db);
    const made = await createPayoutBatch(t.db, asAdmin(ada), { currency: "EUR", now: new Date() });
    await setTestPayoutAccount(t.db, payee.partyId, {
      iban: "NL91ABNA0417164300",
      holderName: "Changer",
      changedAt: new Date(),
    });
    await expectAppError(beginExportPayoutBatch(t.db, asAdmin(ada), { batchId: made.batchId }), "CONFLICT");
    // Marking a batch sent before its file was taken is refused.
    await expectAppError(beginSubmitPayoutBatch(t.db, asAdmin(ada), { batchId: made.batchId }), "CONFLICT");

    // The admin withdraws it (not a payee, nor a sent batch); its payout goes into the next batch, held now.
    await expectAppError(withdrawPayoutBatch(t.db, actorOf(payee), { batchId: made.batchId }), "FORBIDDEN");
    await expectAppError(withdrawPayoutBatch(t.db, asAdmin(ada), { batchId }), "CONFLICT");
    await withdrawPayoutBatch(t.db, asAdmin(ada), { batchId: made.batchId });
    expect((await getPayoutBatch(t.db, asAdmin(ada), { batchId: made.batchId })).status).toBe("withdrawn");
    await expectAppError(beginExportPayoutBatch(t.db, asAdmin(ada), { batchId: made.batchId }), "CONFLICT");
    const statement = await payoutOf(t.db, payee.partyId);
    const [open] = await listOpenPayouts(t.db, asAdmin(ada));
    expect(open?.count).toBeGreaterThanOrEqual(1);
    await setTestPayoutAccount(t.db, payee.partyId, {
      iban: "NL91ABNA0417164300",
      holderName: "Changer",
      changedAt: dayAgo(),
    });
    const next = await createPayoutBatch(t.db, asAdmin(ada), { currency: "EUR" });
    const [row] = await t.db.execute<{ state: string }>(
      sql`select state::text from payout_batch_items where batch_id = ${next.batchId} and statement_id = ${statement.id}`,
    );
    expect(row?.state).toBe("included");
    // The next batch is withdrawn too; should the bank pay from its file all the same, its answer settles it.
    await withdrawPayoutBatch(t.db, asAdmin(ada), { batchId: next.batchId });
    const answer = await importBankAnswer(t.db, asAdmin(ada), {
      bytes: new TextEncoder().encode(
        camt054Of("NTF-W", [{ endToEndId: sepaIdOf(statement.id), amount: "5.00" }]),
      ),
    });
    expect(answer.sent).toBe(1);
    expect((await payoutOf(t.db, payee.partyId)).status).toBe("settled");
    await expectLedgerClean(t.db);
  });

  it("over the dual-control threshold, marking sent waits for a second admin in Approvals", async () => {
    process.env.SCRIP_DUAL_CONTROL_MINOR = "10000";
    const big = await createPayee(t.db, funder, 15_000n);
    await setTestPayoutAccount(t.db, big.partyId, {
      iban: "DE89370400440532013000",
      holderName: "Big Shop",
      changedAt: dayAgo(),
    });
    await chargeNow(t.db);
    const made = await createPayoutBatch(t.db, asAdmin(ada), { currency: "EUR" });
    const statement = await payoutOf(t.db, big.partyId);
    const batch = await getPayoutBatch(t.db, asAdmin(ada), { batchId: made.batchId });
    expect(batch.items.find((item) => item.state === "included")?.amount.amountMinor).toBe(15_000n);
    await takeFile(ada, made.batchId);
    const asked = await markSent(ada, made.batchId);
    expect(asked.settled).toEqual([]);
    expect(asked.awaitingApproval?.totals).toEqual([{ currency: "EUR", amountMinor: 15_000n }]);
    expect((await payoutOf(t.db, big.partyId)).status).toBe("open");
    expect((await getPayoutBatch(t.db, asAdmin(ada), { batchId: made.batchId })).status).toBe("exported");
    const ids = [statement.id];
    await approveSettlement(t.db, {
      actor: asAdmin(ben),
      approvalId: asked.awaitingApproval!.approvalId,
      authorization: await authorize(
        t.db,
        ben,
        settlementApprovalOperation(asked.awaitingApproval!.approvalId, ids),
      ),
    });
    expect((await payoutOf(t.db, big.partyId)).status).toBe("settled");
    expect((await getPayoutBatch(t.db, asAdmin(ada), { batchId: made.batchId })).status).toBe("sent");
    await expectLedgerClean(t.db);
  });

  it("pays other currencies with a CSV of the same lines, formulas neutralised", async () => {
    const payee = await createPayee(t.db, funder, 1234n, "USD");
    await setTestPayoutAccount(t.db, payee.partyId, {
      iban: "DE89370400440532013000",
      holderName: "=HYPERLINK(1)",
      changedAt: dayAgo(),
    });
    await chargeNow(t.db);
    const made = await createPayoutBatch(t.db, asAdmin(ada), { currency: "USD" });
    const file = await takeFile(ada, made.batchId);
    expect(file.contentType).toMatch(/^text\/csv/);
    const statement = await payoutOf(t.db, payee.partyId);
    const lines = file.content.split("\r\n");
    expect(lines[0]).toBe("line,end_to_end_id,holder_name,iban,bic,amount,currency,remittance");
    expect(lines[1]).toMatch(
      new RegExp(
        `^1,${sepaIdOf(statement.id).replaceAll("+", "\\+")},'=HYPERLINK\\(1\\),DE89370400440532013000,,12\\.34,USD,Scrip payout \\d{4}-\\d{2}-\\d{2} to \\d{4}-\\d{2}-\\d{2}$`,
      ),
    );
    expect(lines).toHaveLength(3);
  });
});
