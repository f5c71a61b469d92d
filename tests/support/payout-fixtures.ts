/** Payouts for the payout-batch and bank-answer tests: people owed money, their bank accounts, charging runs. */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { systemActor } from "../../lib/auth/actor";
import { parseIban } from "../../lib/banking/iban";
import { runCharging } from "../../lib/charging/run-charging";
import { convertCoupon } from "../../lib/coupons/convert-coupon";
import { convertOperation } from "../../lib/coupons/operations";
import { encryptPayoutIban } from "../../lib/payout-accounts/payout-iban-store";
import { actorOf, authorize, giveTestCoupon, issueTestCoupon } from "./coupon-fixtures";
import { createTestUser, type TestUser } from "./identity";

/** A new person owed `amountMinor`: `funder` issues a coupon, gives it to them, and they convert it. */
export async function createPayee(
  db: DbOrTx,
  funder: TestUser,
  amountMinor: bigint,
  currency = "EUR",
): Promise<TestUser> {
  const payee = await createTestUser(db);
  const coupon = await issueTestCoupon(db, funder, { amountMinor, currency });
  await giveTestCoupon(db, funder, payee, coupon);
  await convertCoupon(db, actorOf(payee), {
    couponId: coupon.id,
    version: 2,
    authorization: await authorize(
      db,
      payee,
      convertOperation({ couponId: coupon.id, version: 2, amountMinor, currency }),
    ),
  });
  return payee;
}

/** Stores a payout account for `partyId` as the payout-account form would (encrypted), changed at `changedAt`. */
export async function setTestPayoutAccount(
  db: DbOrTx,
  partyId: string,
  input: { iban: string; holderName: string; changedAt: Date },
): Promise<void> {
  const iban = parseIban(input.iban);
  await db.execute(sql`insert into payout_accounts
      (party_id, iban_encrypted, iban_last4, iban_length, country, holder_name, changed_at)
    values (${partyId}, ${encryptPayoutIban(iban, partyId)}, ${iban.slice(-4)}, ${iban.length}, ${iban.slice(0, 2)},
      ${input.holderName}, ${input.changedAt.toISOString()}::timestamptz)
    on conflict (party_id) do update set iban_encrypted = excluded.iban_encrypted, iban_last4 = excluded.iban_last4,
      iban_length = excluded.iban_length, country = excluded.country, holder_name = excluded.holder_name,
      changed_at = excluded.changed_at`);
}

const dayMs = 86_400_000;
let runs = 0;

/**
 * A charging run by the system over everything unbilled: each call closes a later day (runs must grow), starting
 * well before today so the period always lies in the past of the `now` it passes.
 */
export async function chargeNow(db: DbOrTx): Promise<string> {
  runs += 1;
  const periodEnd = new Date(Math.floor(Date.now() / dayMs) * dayMs + runs * dayMs);
  const run = await runCharging(db, {
    actor: systemActor("test"),
    periodEnd,
    trigger: "system",
    now: new Date(periodEnd.getTime() + 1000),
  });
  return run.runId;
}

/** The payout statement of `partyId` (its latest). */
export async function payoutOf(db: DbOrTx, partyId: string): Promise<{ id: string; status: string }> {
  const [row] = await db.execute<{ id: string; status: string }>(
    sql`select id, status::text as status from statements where party_id = ${partyId} and kind = 'payout'
      order by created_at desc limit 1`,
  );
  if (!row) throw new Error("no payout statement");
  return row;
}
