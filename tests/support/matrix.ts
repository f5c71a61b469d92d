/** What the authorisation matrices share: their callers with real sessions, and one comparable outcome per cell. */
import type { Db } from "../../db/client";
import type { ActionResult } from "../../lib/auth/action-result";
import type { RequestContext } from "../../lib/auth/request-context";
import { createTestSession, createTestShop, testIp } from "./auth-sessions";
import { createTestUser, type TestUser } from "./identity";

/** One caller of a matrix: the request context an entry point sees, and the user behind it (none if anonymous). */
export interface Who {
  context: RequestContext;
  user: TestUser | null;
}

/** "ok", or the error code, so each cell is one comparable value. */
export type Outcome = "ok" | string;

export const outcomeOf = (result: ActionResult<unknown>): Outcome => (result.ok ? "ok" : result.error.code);

/** A route's answer as an outcome: "ok", or the code of its JSON error (`HTTP_<status>` when it has none). */
export async function responseOutcome(response: Response): Promise<Outcome> {
  if (response.ok) return "ok";
  const body = (await response.json().catch(() => ({ error: { code: `HTTP_${response.status}` } }))) as {
    error: { code: string };
  };
  return body.error.code;
}

/**
 * A fresh caller: anonymous (no session), or a new user (an admin if asked) with a real, signed-in session,
 * given whatever memberships `join` makes for them first.
 */
export async function matrixCaller(
  db: Db,
  input: { anonymous?: boolean; isAdmin?: boolean; join?: (user: TestUser) => Promise<unknown> },
): Promise<Who> {
  const meta = { ip: testIp(), userAgent: "authorisation matrix" };
  if (input.anonymous) return { context: { db, sessionId: null, meta }, user: null };
  const user = await createTestUser(db, { isAdmin: input.isAdmin ?? false });
  await input.join?.(user);
  return { context: { db, sessionId: await createTestSession(db, user.userId), meta }, user };
}

/** The back office's callers: nobody, a consumer, a shop owner, an admin. */
export const backOfficeCallers = ["anonymous", "consumer", "merchant", "admin"] as const;
export type BackOfficeCaller = (typeof backOfficeCallers)[number];

/** A fresh back-office caller of `kind`; a merchant owns a shop of their own. */
export function backOfficeCaller(db: Db, kind: BackOfficeCaller): Promise<Who> {
  return matrixCaller(db, {
    anonymous: kind === "anonymous",
    isAdmin: kind === "admin",
    join: (user) =>
      kind === "merchant" ? createTestShop(db, [{ userId: user.userId, role: "owner" }]) : Promise.resolve(),
  });
}
