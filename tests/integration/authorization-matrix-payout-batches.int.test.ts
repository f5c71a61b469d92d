/**
 * Authorisation matrix of payout batches (issue 18): making a batch, taking its bank file, marking it sent and
 * uploading the bank's answer and withdrawing a batch, called directly (bypassing UI and proxy) by each back-office caller. Only admins
 * (settlement.write) may; each call builds its own fresh data.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPayoutBatchAction,
  exportPayoutBatchAction,
  exportPayoutBatchOptionsAction,
  submitPayoutBatchAction,
  submitPayoutBatchOptionsAction,
  withdrawPayoutBatchAction,
} from "../../app/(admin)/admin/payouts/actions";
import { runBankAnswerUpload } from "../../app/api/admin/payouts/bank-answer/handler";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import type { ActionResult } from "../../lib/auth/action-result";
import { systemActor } from "../../lib/auth/actor";
import { sepaIdOf } from "../../lib/banking/sepa-text";
import { createPayoutBatch } from "../../lib/payouts/create-payout-batch";
import { camt054Of } from "../support/bank-answer-files";
import { setupCouponEnvironment } from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import {
  type BackOfficeCaller,
  backOfficeCaller,
  backOfficeCallers,
  type Outcome,
  outcomeOf,
  responseOutcome,
} from "../support/matrix";
import { chargeNow, createPayee, setTestPayoutAccount } from "../support/payout-fixtures";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
let funder: TestUser;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  funder = await createTestUser(t.db);
});
afterAll(async () => {
  await t?.destroy();
});

/** A fresh open EUR payout to an account older than the 24-hour hold; returns its statement's id. */
async function freshPayout(): Promise<string> {
  const payee = await createPayee(t.db, funder, 500n);
  await setTestPayoutAccount(t.db, payee.partyId, {
    iban: "DE89370400440532013000",
    holderName: "Matrix Payee",
    changedAt: new Date(Date.now() - 2 * 86_400_000),
  });
  await chargeNow(t.db);
  const [row] = await t.db.execute<{ id: string }>(
    sql`select id from statements where party_id = ${payee.partyId} and kind = 'payout'`,
  );
  return row!.id;
}

/** A fresh batch (its file taken, when `exported`) of one fresh payout. */
async function freshBatch(exported: boolean): Promise<{ batchId: string; statementId: string }> {
  const statementId = await freshPayout();
  const { batchId } = await createPayoutBatch(t.db, systemActor("matrix"), { currency: "EUR" });
  if (exported) {
    await t.db.execute(sql`update payout_batches set status = 'exported', exported_at = now(),
      exported_sha256 = ${"a".repeat(64)}, execution_date = '2026-11-30' where id = ${batchId}`);
  }
  return { batchId, statementId };
}

function assertionFor(user: TestUser | null, result: ActionResult<unknown>) {
  const options = result.ok ? (result.data as { options: { challenge: string } }).options : null;
  return (user?.authenticator ?? new TestAuthenticator()).createAssertion(
    options?.challenge ?? "bm8tY2hhbGxlbmdl",
  );
}

const adminsOnly: Record<BackOfficeCaller, Outcome> = {
  anonymous: "UNAUTHENTICATED",
  consumer: "FORBIDDEN",
  merchant: "FORBIDDEN",
  admin: "ok",
};

const rows: {
  entry: string;
  call: (who: Awaited<ReturnType<typeof backOfficeCaller>>) => Promise<Outcome>;
}[] = [
  {
    entry: "action createPayoutBatchAction",
    call: async ({ context }) => {
      await freshPayout();
      return outcomeOf(await createPayoutBatchAction.run(context, { currency: "EUR" }));
    },
  },
  {
    entry: "actions exportPayoutBatchOptionsAction + exportPayoutBatchAction",
    call: async ({ context, user }) => {
      const { batchId } = await freshBatch(false);
      const options = await exportPayoutBatchOptionsAction.run(context, { batchId });
      const result = await exportPayoutBatchAction.run(context, {
        batchId,
        stepUp: assertionFor(user, options),
      });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
  {
    entry: "actions submitPayoutBatchOptionsAction + submitPayoutBatchAction",
    call: async ({ context, user }) => {
      const { batchId } = await freshBatch(true);
      const options = await submitPayoutBatchOptionsAction.run(context, { batchId });
      const result = await submitPayoutBatchAction.run(context, {
        batchId,
        stepUp: assertionFor(user, options),
      });
      return options.ok ? outcomeOf(result) : outcomeOf(options);
    },
  },
  {
    entry: "action withdrawPayoutBatchAction",
    call: async ({ context }) => {
      const { batchId } = await freshBatch(true);
      return outcomeOf(await withdrawPayoutBatchAction.run(context, { batchId }));
    },
  },
  {
    entry: "route POST /api/admin/payouts/bank-answer",
    call: async ({ context }) => {
      const { statementId } = await freshBatch(true);
      const file = camt054Of(`NTF-${statementId.slice(-8)}`, [
        { endToEndId: sepaIdOf(statementId), amount: "5.00" },
      ]);
      const request = new Request("http://localhost/api/admin/payouts/bank-answer", {
        method: "POST",
        body: file,
      });
      return responseOutcome(await runBankAnswerUpload(context, request));
    },
  },
];

describe("authorisation matrix: payout batches", () => {
  for (const row of rows) {
    for (const caller of backOfficeCallers) {
      it(`${row.entry} as ${caller}: ${adminsOnly[caller]}`, async () => {
        expect(await row.call(await backOfficeCaller(t.db, caller))).toBe(adminsOnly[caller]);
      });
    }
  }

  it("the upload refuses a body over 5 MB before reading it, and changes nothing", async () => {
    const who = await backOfficeCaller(t.db, "admin");
    const request = new Request("http://localhost/api/admin/payouts/bank-answer", {
      method: "POST",
      body: new Uint8Array(5 * 1024 * 1024 + 1),
    });
    const response = await runBankAnswerUpload(who.context, request);
    expect(response.status).toBe(413);
    expect((await t.db.execute(sql`select 1 from bank_answer_imports`)).length).toBe(1);
  });
});
