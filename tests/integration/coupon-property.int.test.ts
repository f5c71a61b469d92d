import { eq, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coupons } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { convertCoupon } from "../../lib/coupons/convert-coupon";
import { convertOperation } from "../../lib/coupons/operations";
import { revokeCoupon } from "../../lib/coupons/revoke-coupon";
import { splitCoupon } from "../../lib/coupons/split-coupon";
import { voidCoupon } from "../../lib/coupons/void-coupon";
import { AppError } from "../../lib/errors";
import { checkLedger } from "../../lib/ledger/check-ledger";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { cancelTransfer } from "../../lib/transfers/cancel-transfer";
import { declineTransfer } from "../../lib/transfers/decline-transfer";
import {
  actorOf,
  authorize,
  authorizeAccept,
  balanceOf,
  createUsers,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import {
  applyToModel,
  type Model,
  resolveStep,
  type Step,
  skipStep,
  splitParts,
} from "../support/coupon-model";
import { createTestUser, type TestUser } from "../support/identity";

let t: TestDatabase;
let users: TestUser[];
let admin: TestUser;

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  users = await createUsers(t.db, 3);
  admin = await createTestUser(t.db, { isAdmin: true });
  await t.db.execute(
    sql`insert into party_credit_limits (party_id, currency, limit_minor) select id, 'EUR', ${10n ** 12n} from parties`,
  );
});
afterAll(async () => {
  await t?.destroy();
});

const user = fc.integer({ min: 0, max: 2 });
const target = fc.nat(20);
const anyStep: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("issue" as const),
      by: user,
      amountMinor: fc.integer({ min: 1, max: 5000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("offer" as const),
      by: user,
      coupon: target,
      to: user,
      open: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constantFrom("accept" as const, "decline" as const, "cancel" as const),
      by: user,
      coupon: target,
    }),
  },
  fc.record({
    op: fc.constantFrom("convert" as const, "void" as const, "revoke" as const),
    by: user,
    coupon: target,
  }),
  fc.record({
    op: fc.constant("split" as const),
    by: user,
    coupon: target,
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

const stepArbitrary: fc.Arbitrary<Step> = fc
  .tuple(anyStep, fc.boolean())
  .map(([step, natural]) => (step.op === "issue" ? step : { ...step, natural }));

/** Runs one step against the database; returns "ok" or the AppError code. */
async function runStep(model: Model, step: Step): Promise<string> {
  const by = users[step.by]!;
  const db = t.db;
  try {
    if (step.op === "issue") {
      const coupon = await issueTestCoupon(db, by, { amountMinor: BigInt(step.amountMinor) });
      model.dbIds.push(coupon.id);
      return "ok";
    }
    const index = step.coupon % model.coupons.length;
    const coupon = model.coupons[index]!;
    const id = model.dbIds[index]!;
    const transfer = coupon.lastTransfer;
    switch (step.op) {
      case "offer": {
        const recipient = step.open ? { open: true as const } : { partyId: users[step.to]!.partyId };
        const offer = await offerTestCoupon(db, by, { id, version: coupon.version }, recipient);
        model.transferIds.set(index, { transferId: offer.transferId, claimCode: offer.claimCode });
        return "ok";
      }
      case "accept":
      case "decline": {
        const ids = model.transferIds.get(index)!;
        await db.execute(sql`delete from rate_limits`);
        const lookup = transfer!.open ? { claimCode: ids.claimCode! } : { transferId: ids.transferId };
        if (step.op === "decline") await declineTransfer(db, actorOf(by), lookup);
        else {
          const authorization = await authorizeAccept(db, by, {
            transferId: ids.transferId,
            couponId: id,
            version: transfer!.version,
          });
          await acceptTransfer(db, actorOf(by), { ...lookup, authorization });
        }
        return "ok";
      }
      case "cancel":
        await cancelTransfer(db, actorOf(by), { transferId: model.transferIds.get(index)!.transferId });
        return "ok";
      case "convert": {
        const operation = convertOperation({
          couponId: id,
          version: coupon.version,
          amountMinor: BigInt(coupon.amountMinor),
          currency: "EUR",
        });
        await convertCoupon(db, actorOf(by), {
          couponId: id,
          version: coupon.version,
          authorization: await authorize(db, by, operation),
        });
        return "ok";
      }
      case "split": {
        const result = await splitCoupon(db, actorOf(by), {
          couponId: id,
          version: coupon.version,
          amountsMinor: splitParts(coupon, step.fraction),
        });
        model.dbIds.push(...result.children.map((child) => child.id));
        return "ok";
      }
      case "void":
        await voidCoupon(db, actorOf(by), { couponId: id });
        return "ok";
      case "revoke":
        await revokeCoupon(db, actorOf(admin, { isAdmin: true }), { couponId: id, reason: "property test" });
        return "ok";
      default:
        throw new Error(`unknown step ${(step satisfies never as Step).op}`);
    }
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

async function expectDatabaseMatchesModel(model: Model, balancesAtStart: bigint[]) {
  if (model.dbIds.length > 0) {
    const rows = await t.db.select().from(coupons).where(inArray(coupons.id, model.dbIds));
    const byId = new Map(rows.map((row) => [row.id, row]));
    model.coupons.forEach((coupon, index) => {
      const row = byId.get(model.dbIds[index]!)!;
      expect({
        owner: row.ownerPartyId,
        version: row.version,
        status: row.status,
        funded: row.funded,
        amount: Number(row.amountMinor),
      }).toEqual({
        owner: users[coupon.owner]!.partyId,
        version: coupon.version,
        status: coupon.status,
        funded: coupon.funded,
        amount: coupon.amountMinor,
      });
    });
  }
  for (const [index, party] of users.entries()) {
    expect(await balanceOf(t.db, "party", party.partyId)).toBe(
      balancesAtStart[index]! + BigInt(model.balances[index]!),
    );
  }
}

describe("random operation sequences against an in-memory model", () => {
  it("agree on every outcome and keep every invariant after every step (replay: SCRIP_PBT_SEED=<seed>)", async () => {
    const seed = process.env.SCRIP_PBT_SEED ? Number(process.env.SCRIP_PBT_SEED) : undefined;
    let executed = 0;
    const outcomes = new Set<string>();
    const wanted = ["issue:ok", "offer:ok", "accept:ok"];
    // Batches of 20 random sequences until the interesting paths were reached (a batch sometimes happens to miss
    // an accepted offer); every sequence of every batch is checked in full either way.
    for (let batch = 0; batch < 4 && (batch === 0 || !wanted.every((path) => outcomes.has(path))); batch++) {
      await fc.assert(
        fc.asyncProperty(fc.array(stepArbitrary, { minLength: 8, maxLength: 24 }), async (steps) => {
          const model: Model = {
            coupons: [],
            dbIds: [],
            transferIds: new Map(),
            balances: [0, 0, 0],
            splitParts,
          };
          const balancesAtStart = await Promise.all(
            users.map((party) => balanceOf(t.db, "party", party.partyId)),
          );
          for (const generated of steps) {
            const step = resolveStep(model, generated);
            if (skipStep(model, step)) continue;
            executed += 1;
            const actual = await runStep(model, step);
            const expected = applyToModel(model, step);
            expect(actual, `${JSON.stringify(step)}`).toBe(expected);
            outcomes.add(`${step.op}:${actual}`);
            await expectDatabaseMatchesModel(model, balancesAtStart);
            const violations = await checkLedger(t.db);
            expect(violations, `after ${JSON.stringify(step)}: ${JSON.stringify(violations)}`).toEqual([]);
          }
        }),
        // The database is shared by all runs, so a committed violation would make every shrink attempt fail too:
        // report the original failing sequence (replay it with its seed) instead of a misleading shrunk one.
        { numRuns: 20, seed: seed === undefined ? undefined : seed + batch, verbose: 1, endOnFailure: true },
      );
    }
    // The generator must reach the interesting paths, not just refusals of steps on nothing.
    expect(executed).toBeGreaterThan(60);
    for (const reached of wanted) {
      expect(outcomes, [...outcomes].join(" ")).toContain(reached);
    }
  });

  it("ends with a clean ledger", async () => {
    const [row] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(coupons)
      .where(eq(coupons.currency, "EUR"));
    expect(row?.n).toBeGreaterThan(0);
    await expectLedgerClean(t.db);
  });
});
