/**
 * Authorisation matrix of the back office's charging, settlement and health entry points: every server action
 * and CSV route handler, and the domain reads behind the /admin/charging, /admin/statements and /admin/health
 * pages, called directly as anonymous, a consumer, a merchant (shop owner) and an admin. Only admins get in.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chargingRunOptionsAction, runChargingAction } from "../../app/(admin)/admin/charging/actions";
import { checkLedgerAction } from "../../app/(admin)/admin/health/actions";
import {
  approveSettlementAction,
  approveSettlementOptionsAction,
  settleOptionsAction,
  settleStatementsAction,
} from "../../app/(admin)/admin/statements/actions";
import { GET as postingsCsvRoute } from "../../app/api/admin/postings/route";
import { GET as statementsCsvRoute } from "../../app/api/admin/statements/route";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import type { ActionResult } from "../../lib/auth/action-result";
import { listChargingRuns } from "../../lib/charging/list-charging-runs";
import { AppError } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { getLedgerHealth } from "../../lib/ledger/get-ledger-health";
import { getActiveSession } from "../../lib/sessions/get-active-session";
import { listSettlementApprovals } from "../../lib/settlement/list-settlement-approvals";
import { searchStatements } from "../../lib/settlement/search-statements";
import { setupCouponEnvironment } from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import {
  type BackOfficeCaller,
  backOfficeCaller,
  backOfficeCallers,
  type Outcome,
  outcomeOf,
  responseOutcome,
  type Who,
} from "../support/matrix";
import { insertParty } from "../support/schema-fixtures";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
beforeAll(async () => {
  process.env.SCRIP_ORIGIN = "http://localhost:3000";
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const callers = backOfficeCallers;
type Caller = BackOfficeCaller;
const callerOf = (kind: Caller): Promise<Who> => backOfficeCaller(t.db, kind);

/** A CSV route's outcome; what it answers when allowed must be CSV. */
async function routeOutcome(response: Response): Promise<Outcome> {
  if (response.ok) expect(response.headers.get("Content-Type")).toMatch(/^text\/csv/);
  return responseOutcome(response);
}
const get = (url: string) => new Request(`http://localhost:3000${url}`);

/** A domain read as the caller's actor (anonymous has none): "ok" or the AppError code. */
async function readAs(
  who: Who,
  read: (actor: NonNullable<Awaited<ReturnType<typeof getActiveSession>>>["actor"]) => Promise<unknown>,
) {
  const session = await getActiveSession(t.db, who.context.sessionId);
  if (!session) return "UNAUTHENTICATED";
  try {
    await read(session.actor);
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

function assertionFor(user: TestUser | null, options: ActionResult<unknown>) {
  const challenge = options.ok
    ? (options.data as { options: { challenge: string } }).options.challenge
    : "bm8tY2hhbGxlbmdl";
  return (user?.authenticator ?? new TestAuthenticator()).createAssertion(challenge);
}

const dayMs = 86_400_000;
const tomorrow = () => new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs).toISOString().slice(0, 10);

/** Past days handed out one per call, so no two test runs share a period (a random day collided). */
let nextPastDay = 0;

/** An open statement of a fresh party in a run of its own (a past period, unique per call). */
async function openStatement(): Promise<string> {
  const partyId = await insertParty(t.db);
  const runId = newId("chargingRun");
  const statementId = newId("statement");
  nextPastDay += 1;
  const end = new Date(Date.UTC(2000, 0, 1) + nextPastDay * dayMs);
  await t.db.execute(sql`insert into charging_runs (id, period_start, period_end, snapshot_xmin)
    values (${runId}, ${new Date(end.getTime() - dayMs).toISOString()}::timestamptz, ${end.toISOString()}::timestamptz,
      '1'::xid8)`);
  await t.db.execute(sql`insert into statements (id, run_id, party_id, currency, kind, amount_minor)
    values (${statementId}, ${runId}, ${partyId}, 'EUR', 'payout', 100)`);
  return statementId;
}

/** A settlement awaiting its second approval, asked for by another admin (so any caller may try to approve it). */
async function awaitingApproval(): Promise<string> {
  const asker = await createTestUser(t.db, { isAdmin: true });
  const approvalId = newId("settlementApproval");
  await t.db.execute(sql`insert into settlement_approvals (id, statement_ids, requested_by_user_id, requested_authorization)
    values (${approvalId}, ${`{${await openStatement()}}`}::text[], ${asker.userId}, '{}'::jsonb)`);
  return approvalId;
}

const adminOnly = {
  anonymous: "UNAUTHENTICATED",
  consumer: "FORBIDDEN",
  merchant: "FORBIDDEN",
  admin: "ok",
} as const;

const rows: { entry: string; call: (who: Who) => Promise<Outcome> }[] = [
  {
    entry: "action chargingRunOptionsAction",
    call: async ({ context }) =>
      outcomeOf(await chargingRunOptionsAction.run(context, { periodEnd: tomorrow() })),
  },
  {
    entry: "action runChargingAction",
    call: async ({ context, user }) => {
      const options = await chargingRunOptionsAction.run(context, { periodEnd: tomorrow() });
      return outcomeOf(
        await runChargingAction.run(context, { periodEnd: tomorrow(), stepUp: assertionFor(user, options) }),
      );
    },
  },
  {
    entry: "action settleOptionsAction",
    call: async ({ context }) =>
      outcomeOf(await settleOptionsAction.run(context, { statementIds: [await openStatement()] })),
  },
  {
    entry: "action settleStatementsAction",
    call: async ({ context, user }) => {
      const statementIds = [await openStatement()];
      const options = await settleOptionsAction.run(context, { statementIds });
      return outcomeOf(
        await settleStatementsAction.run(context, { statementIds, stepUp: assertionFor(user, options) }),
      );
    },
  },
  {
    entry: "action approveSettlementOptionsAction",
    call: async ({ context }) =>
      outcomeOf(await approveSettlementOptionsAction.run(context, { approvalId: await awaitingApproval() })),
  },
  {
    entry: "action approveSettlementAction",
    call: async ({ context, user }) => {
      const approvalId = await awaitingApproval();
      const options = await approveSettlementOptionsAction.run(context, { approvalId });
      return outcomeOf(
        await approveSettlementAction.run(context, { approvalId, stepUp: assertionFor(user, options) }),
      );
    },
  },
  {
    entry: "action checkLedgerAction",
    call: async ({ context }) => outcomeOf(await checkLedgerAction.run(context, {})),
  },
  {
    entry: "GET /api/admin/statements",
    call: async ({ context }) =>
      routeOutcome(await statementsCsvRoute.run(context, get("/api/admin/statements?kind=payout"))),
  },
  {
    entry: "GET /api/admin/postings",
    call: async ({ context }) =>
      routeOutcome(await postingsCsvRoute.run(context, get("/api/admin/postings"))),
  },
  {
    entry: "page /admin/charging (listChargingRuns)",
    call: (who) => readAs(who, (actor) => listChargingRuns(t.db, { actor })),
  },
  {
    entry: "page /admin/statements (searchStatements)",
    call: (who) => readAs(who, (actor) => searchStatements(t.db, { actor, filters: {} })),
  },
  {
    entry: "page /admin/statements (listSettlementApprovals)",
    call: (who) => readAs(who, (actor) => listSettlementApprovals(t.db, actor)),
  },
  {
    entry: "page /admin/health (getLedgerHealth)",
    call: (who) => readAs(who, (actor) => getLedgerHealth(t.db, { actor })),
  },
];

describe("authorisation matrix: charging, settlement and ledger health", () => {
  for (const row of rows) {
    for (const caller of callers) {
      it(`${row.entry} as ${caller}: ${adminOnly[caller]}`, async () => {
        expect(await row.call(await callerOf(caller))).toBe(adminOnly[caller]);
      });
    }
  }

  it("refuses a bad CSV filter with 400, not a 500", async () => {
    const admin = await callerOf("admin");
    const response = await statementsCsvRoute.run(admin.context, get("/api/admin/statements?kind=refund"));
    expect(response.status).toBe(400);
  });
});
