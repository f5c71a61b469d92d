/**
 * Authorisation matrix of bank reconciliation (issue 18): the statement upload route and the review queue's
 * actions, called directly (bypassing UI and proxy) by each back-office caller. Only admins (settlement.write)
 * import or resolve; matching by hand also needs the admin's own passkey. Each call builds its own fresh data.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dismissCreditAction,
  matchCreditAction,
  matchCreditOptionsAction,
} from "../../app/(admin)/admin/bank/actions";
import { POST as importStatement } from "../../app/(admin)/admin/bank/import/route";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import type { ActionResult } from "../../lib/auth/action-result";
import { creditorReferenceOf } from "../../lib/banking/creditor-reference";
import { demoScripAccount } from "../../lib/banking/scrip-account";
import { newId } from "../../lib/ids";
import { camt053Of } from "../support/camt053-builder";
import { setupCouponEnvironment } from "../support/coupon-fixtures";
import type { TestUser } from "../support/identity";
import {
  type BackOfficeCaller,
  backOfficeCaller,
  backOfficeCallers,
  type Outcome,
  outcomeOf,
  responseOutcome,
  type Who,
} from "../support/matrix";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const unknownReference = creditorReferenceOf("77777777");

/** A fresh credit waiting for review (its reference names no invoice), through a real import by the system. */
async function reviewCredit(): Promise<string> {
  const importId = newId("bankImport");
  const creditId = newId("bankCredit");
  await t.db.execute(sql`insert into bank_statement_imports (id, sha256, bank_statement_id, account_iban,
      credit_count, matched_count, review_count, repeated_count)
    values (${importId}, encode(sha256(${importId}::bytea), 'hex'), 'STM', ${demoScripAccount.iban}, 1, 0, 1, 0)`);
  await t.db.execute(sql`insert into bank_credits (id, import_id, credit_key, amount_minor, currency, reference, status, note)
    values (${creditId}, ${importId}, ${creditId}, 500, 'EUR', ${unknownReference}, 'review_unmatched', 'No invoice has this payment reference.')`);
  return creditId;
}

function assertionFor(user: TestUser | null, result: ActionResult<unknown>) {
  const options = result.ok ? (result.data as { options: { challenge: string } }).options : null;
  return (user?.authenticator ?? new TestAuthenticator()).createAssertion(
    options?.challenge ?? "bm8tY2hhbGxlbmdl",
  );
}

const adminsOnly = {
  anonymous: "UNAUTHENTICATED",
  consumer: "FORBIDDEN",
  merchant: "FORBIDDEN",
  admin: "ok",
};

interface Row {
  entry: string;
  expected: Record<BackOfficeCaller, Outcome>;
  call: (who: Who) => Promise<Outcome>;
}

const rows: Row[] = [
  {
    entry: "POST /admin/bank/import (a camt.053 of Scrip's account)",
    expected: adminsOnly,
    call: async ({ context }) => {
      const key = newId("bankCredit");
      const body = camt053Of({
        id: key.replace(/_/g, "-"),
        iban: demoScripAccount.iban,
        lines: [{ key, amount: "1.00", text: "no reference" }],
      });
      const request = new Request("http://localhost/admin/bank/import", { method: "POST", body });
      return responseOutcome(await importStatement.run(context, request));
    },
  },
  {
    entry: "action dismissCreditAction",
    expected: adminsOnly,
    call: async ({ context }) =>
      outcomeOf(
        await dismissCreditAction.run(context, { creditId: await reviewCredit(), reason: "Not ours." }),
      ),
  },
  {
    entry: "actions matchCreditOptionsAction + matchCreditAction (to an unknown reference)",
    expected: { ...adminsOnly, admin: "NOT_FOUND" },
    call: async ({ context, user }) => {
      const input = { creditId: await reviewCredit(), reference: unknownReference };
      const options = await matchCreditOptionsAction.run(context, input);
      if (!options.ok) return outcomeOf(options);
      return outcomeOf(
        await matchCreditAction.run(context, { ...input, stepUp: assertionFor(user, options) }),
      );
    },
  },
  {
    entry: "action matchCreditAction with an assertion but no options",
    expected: { ...adminsOnly, admin: "STEP_UP_INVALID" },
    call: async ({ context, user }) =>
      outcomeOf(
        await matchCreditAction.run(context, {
          creditId: await reviewCredit(),
          reference: unknownReference,
          stepUp: assertionFor(user, { ok: false, error: { code: "X", message: "x" } }),
        }),
      ),
  },
];

describe("authorisation matrix: bank reconciliation", () => {
  for (const row of rows) {
    for (const caller of backOfficeCallers) {
      it(`${row.entry} as ${caller}: ${row.expected[caller]}`, async () => {
        expect(await row.call(await backOfficeCaller(t.db, caller))).toBe(row.expected[caller]);
      });
    }
  }
});
