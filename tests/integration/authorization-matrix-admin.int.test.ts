/**
 * Authorisation matrix of the back office: every page read (pageActor's decision, then the read the page makes) and every
 * /admin server action, called directly (bypassing the layout, the UI and the proxy) as an anonymous visitor,
 * a consumer, a merchant (owner of a shop) and an admin. Only the admin gets through. Each row builds real
 * input for its own fresh callers (the step-up rows with a genuine assertion by the caller's own passkey), so
 * rows never depend on each other. Add a row for every new back-office entry point.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { suspendByHandleOptionsAction } from "../../app/(admin)/admin/actions";
import {
  approveIssuanceAction,
  approveOptionsAction,
  rejectIssuanceAction,
} from "../../app/(admin)/admin/approvals/actions";
import { revokeCouponAction, revokeOptionsAction } from "../../app/(admin)/admin/coupons/actions";
import { rotateKeyAction, rotateKeyOptionsAction } from "../../app/(admin)/admin/keys/actions";
import {
  loadAdminOverview,
  loadApprovals,
  loadAuditLog,
  loadCouponHistory,
  loadCoupons,
  loadIssuerKeys,
  loadParties,
  loadParty,
} from "../../app/(admin)/admin/loaders";
import {
  creditLimitOptionsAction,
  reinstatePartyAction,
  reinstatePartyOptionsAction,
  setCreditLimitAction,
  suspendPartyAction,
  suspendPartyOptionsAction,
} from "../../app/(admin)/admin/parties/actions";
import { parties } from "../../db/schema";
import type { ActionResult } from "../../lib/auth/action-result";
import type { Actor } from "../../lib/auth/actor";
import { backOfficeNotAllowed, decidePageAccess } from "../../lib/auth/page-actor";
import type { Permission } from "../../lib/auth/permissions";
import type { RequestContext } from "../../lib/auth/request-context";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { getActiveSession } from "../../lib/sessions/get-active-session";
import { actorOf, authorize, couponTestDatabaseForFile, issueTestCoupon } from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import {
  type BackOfficeCaller,
  backOfficeCaller,
  backOfficeCallers,
  type Outcome,
  outcomeOf,
  type Who,
} from "../support/matrix";
import { TestAuthenticator } from "../support/test-authenticator";

const t = couponTestDatabaseForFile();

const callers = backOfficeCallers;
type Caller = BackOfficeCaller;
const callerOf = (kind: Caller): Promise<Who> => backOfficeCaller(t.db, kind);
const adminOnly: Record<Caller, Outcome> = {
  anonymous: "UNAUTHENTICATED",
  consumer: "FORBIDDEN",
  merchant: "FORBIDDEN",
  admin: "ok",
};

/** The challenge of a step-up options action's answer (bare options, or `{ options, … }`). */
function challengeOf(result: ActionResult<unknown>): string {
  if (!result.ok) return "bm8tY2hhbGxlbmdl";
  const data = result.data as { challenge?: string; options?: { challenge: string } };
  return data.options?.challenge ?? data.challenge ?? "";
}

/** The caller's own assertion over what the options action answered (a stranger's key for anonymous). */
const assertionFor = (user: TestUser | null, options: ActionResult<unknown>) =>
  (user?.authenticator ?? new TestAuthenticator()).createAssertion(challengeOf(options));

/** A fresh issuance request above the approval threshold. */
async function awaitingRequest(): Promise<string> {
  const requester = await createTestUser(t.db);
  const request = { amountMinor: 50_000n, currency: "EUR", expiresInDays: 30 };
  const { couponId, operation } = prepareIssuance(actorOf(requester), request);
  const authorization = await authorize(t.db, requester, operation);
  const result = await requestIssuance(t.db, actorOf(requester), { couponId, ...request, authorization });
  return result.requestId;
}

async function someCoupon(): Promise<string> {
  return (await issueTestCoupon(t.db, await createTestUser(t.db))).id;
}

async function suspendedParty(): Promise<string> {
  const person = await createTestUser(t.db);
  await t.db.update(parties).set({ status: "suspended" }).where(eq(parties.id, person.partyId));
  return person.partyId;
}

/** Options then perform, for a step-up action pair, with `input` built fresh for this caller. */
async function stepUpRow<I extends object>(
  who: Who,
  input: I,
  options: { run: (context: RequestContext, input: unknown) => Promise<ActionResult<unknown>> },
  perform: { run: (context: RequestContext, input: unknown) => Promise<ActionResult<unknown>> },
): Promise<Outcome> {
  const begun = await options.run(who.context, input);
  const stepUp = assertionFor(who.user, begun);
  return outcomeOf(await perform.run(who.context, { ...input, stepUp }));
}

/**
 * A back-office page as this caller opens it: pageActor's decision for their session (signed out → sign in,
 * no admin role → the not-allowed page), then the page's read with the actor. A refused caller's actor is also
 * handed to the read directly, which must refuse on its own: the page's check is not the only one.
 */
async function pageRow(
  who: Who,
  permission: Permission,
  read: (actor: Actor) => Promise<ActionResult<unknown>>,
): Promise<Outcome> {
  const session = await getActiveSession(t.db, who.context.sessionId);
  const decision = await decidePageAccess(t.db, session, {
    permission,
    next: "/admin",
    denied: backOfficeNotAllowed,
  });
  if (decision.kind === "sign-in") return "UNAUTHENTICATED";
  if (decision.kind === "denied") {
    expect(decision.location).toBe(backOfficeNotAllowed);
    return session ? outcomeOf(await read(session.actor)) : "FORBIDDEN";
  }
  return outcomeOf(await read(decision.actor));
}

/** The actor of an admin caller's session. */
async function adminActorOf(who: Who): Promise<Actor> {
  const session = await getActiveSession(t.db, who.context.sessionId);
  if (!session) throw new Error("the admin caller has no session");
  return session.actor;
}

interface Row {
  entry: string;
  call: (who: Who) => Promise<Outcome>;
}

const rows: Row[] = [
  // Page reads.
  {
    entry: "page /admin (loadAdminOverview)",
    call: async (w) => pageRow(w, "admin.read", async (actor) => loadAdminOverview(actor, {}, t.db)),
  },
  {
    entry: "page /admin/approvals (loadApprovals)",
    call: async (w) => pageRow(w, "issuance.approve", async (actor) => loadApprovals(actor, {}, t.db)),
  },
  {
    entry: "page /admin/parties (loadParties)",
    call: async (w) => pageRow(w, "admin.read", async (actor) => loadParties(actor, { query: "user" }, t.db)),
  },
  {
    entry: "page /admin/parties/[id] (loadParty)",
    call: async (w) => {
      const person = await createTestUser(t.db);
      return pageRow(w, "admin.read", async (actor) => loadParty(actor, { partyId: person.partyId }, t.db));
    },
  },
  {
    entry: "page /admin/coupons (loadCoupons)",
    call: async (w) =>
      pageRow(w, "admin.read", async (actor) =>
        loadCoupons(actor, { by: "id", query: await someCoupon() }, t.db),
      ),
  },
  {
    entry: "page /admin/coupons/[id] (loadCouponHistory)",
    call: async (w) =>
      pageRow(w, "admin.read", async (actor) =>
        loadCouponHistory(actor, { couponId: await someCoupon() }, t.db),
      ),
  },
  {
    entry: "page /admin/keys (loadIssuerKeys)",
    call: async (w) => pageRow(w, "admin.read", async (actor) => loadIssuerKeys(actor, {}, t.db)),
  },
  {
    entry: "page /admin/audit (loadAuditLog)",
    call: async (w) =>
      pageRow(w, "audit.read", async (actor) =>
        loadAuditLog(actor, { action: "party.", from: "2020-01-01" }, t.db),
      ),
  },
  // Actions.
  {
    entry: "action suspendByHandleOptionsAction + suspendPartyAction (step-up)",
    call: async (w) => {
      const victim = await createTestUser(t.db);
      const begun = await suspendByHandleOptionsAction.run(w.context, {
        handle: victim.handle,
        reason: "matrix",
      });
      const stepUp = assertionFor(w.user, begun);
      const partyId = begun.ok ? begun.data.partyId : victim.partyId;
      return outcomeOf(await suspendPartyAction.run(w.context, { partyId, reason: "matrix", stepUp }));
    },
  },
  {
    entry: "action approveOptionsAction",
    call: async (w) =>
      outcomeOf(await approveOptionsAction.run(w.context, { requestId: await awaitingRequest() })),
  },
  {
    entry: "action approveIssuanceAction (step-up)",
    call: async (w) =>
      stepUpRow(
        w,
        { requestId: await awaitingRequest(), reason: "matrix" },
        approveOptionsAction,
        approveIssuanceAction,
      ),
  },
  {
    entry: "action rejectIssuanceAction",
    call: async (w) =>
      outcomeOf(
        await rejectIssuanceAction.run(w.context, { requestId: await awaitingRequest(), reason: "matrix" }),
      ),
  },
  {
    entry: "action revokeOptionsAction",
    call: async (w) =>
      outcomeOf(await revokeOptionsAction.run(w.context, { couponId: await someCoupon(), reason: "matrix" })),
  },
  {
    entry: "action revokeCouponAction (step-up)",
    call: async (w) =>
      stepUpRow(
        w,
        { couponId: await someCoupon(), reason: "matrix" },
        revokeOptionsAction,
        revokeCouponAction,
      ),
  },
  {
    entry: "action rotateKeyOptionsAction",
    call: async (w) =>
      outcomeOf(
        await rotateKeyOptionsAction.run(w.context, { purpose: "owner_attestation", reason: "matrix" }),
      ),
  },
  {
    entry: "action rotateKeyAction (step-up)",
    call: async (w) =>
      stepUpRow(
        w,
        { purpose: "owner_attestation", reason: "matrix" },
        rotateKeyOptionsAction,
        rotateKeyAction,
      ),
  },
  {
    entry: "action creditLimitOptionsAction",
    call: async (w) => {
      const person = await createTestUser(t.db);
      return outcomeOf(
        await creditLimitOptionsAction.run(w.context, {
          partyId: person.partyId,
          currency: "EUR",
          limit: "1.00",
          reason: "matrix",
        }),
      );
    },
  },
  {
    entry: "action setCreditLimitAction (step-up)",
    call: async (w) => {
      const person = await createTestUser(t.db);
      const input = { partyId: person.partyId, currency: "EUR", limit: "1.00", reason: "matrix" };
      return stepUpRow(w, input, creditLimitOptionsAction, setCreditLimitAction);
    },
  },
  {
    entry: "action suspendPartyOptionsAction",
    call: async (w) => {
      const person = await createTestUser(t.db);
      return outcomeOf(
        await suspendPartyOptionsAction.run(w.context, { partyId: person.partyId, reason: "matrix" }),
      );
    },
  },
  {
    entry: "action suspendPartyAction (step-up)",
    call: async (w) => {
      const person = await createTestUser(t.db);
      const input = { partyId: person.partyId, reason: "matrix" };
      return stepUpRow(w, input, suspendPartyOptionsAction, suspendPartyAction);
    },
  },
  {
    entry: "action reinstatePartyOptionsAction",
    call: async (w) =>
      outcomeOf(
        await reinstatePartyOptionsAction.run(w.context, {
          partyId: await suspendedParty(),
          reason: "matrix",
        }),
      ),
  },
  {
    entry: "action reinstatePartyAction (step-up)",
    call: async (w) =>
      stepUpRow(
        w,
        { partyId: await suspendedParty(), reason: "matrix" },
        reinstatePartyOptionsAction,
        reinstatePartyAction,
      ),
  },
];

describe("authorisation matrix: back office pages and actions", () => {
  for (const row of rows) {
    for (const caller of callers) {
      it(`${row.entry} as ${caller}: ${adminOnly[caller]}`, async () => {
        expect(await row.call(await callerOf(caller))).toBe(adminOnly[caller]);
      });
    }
  }
});

describe("authorisation matrix: an admin's own step-up is bound to the operation", () => {
  it("an assertion made for one coupon's revocation does not revoke another", async () => {
    const who = await callerOf("admin");
    const first = { couponId: await someCoupon(), reason: "matrix" };
    const begun = await revokeOptionsAction.run(who.context, first);
    const stepUp = assertionFor(who.user, begun);
    const other = await revokeCouponAction.run(who.context, {
      couponId: await someCoupon(),
      reason: "matrix",
      stepUp,
    });
    expect(outcomeOf(other)).toBe("STEP_UP_INVALID");
  });

  it("bad input is a clear 4xx, never a 500", async () => {
    const who = await callerOf("admin");
    expect(outcomeOf(await loadAuditLog(await adminActorOf(who), { from: "yesterday" }, t.db))).toBe(
      "VALIDATION_FAILED",
    );
    expect(outcomeOf(await loadApprovals(await adminActorOf(who), { cursor: "%%%" }, t.db))).toBe(
      "VALIDATION_FAILED",
    );
    expect(outcomeOf(await loadParties(await adminActorOf(who), { query: "x".repeat(101) }, t.db))).toBe(
      "VALIDATION_FAILED",
    );
    expect(outcomeOf(await loadParty(await adminActorOf(who), { partyId: "pty_missing" }, t.db))).toBe(
      "NOT_FOUND",
    );
    expect(outcomeOf(await loadCoupons(await adminActorOf(who), { by: "token", query: "nope" }, t.db))).toBe(
      "MALFORMED_TOKEN",
    );
    expect(
      outcomeOf(
        await creditLimitOptionsAction.run(who.context, {
          partyId: "pty_x",
          currency: "EUR",
          limit: "-1",
          reason: "ok!",
        }),
      ),
    ).toBe("VALIDATION_FAILED");
    expect(outcomeOf(await revokeOptionsAction.run(who.context, { couponId: "cpn_x", reason: "" }))).toBe(
      "VALIDATION_FAILED",
    );
  });
});
