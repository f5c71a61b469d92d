import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminInvites, auditLog, users } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { userActor } from "../../lib/auth/actor";
import { createAdminInvite, ensureBootstrapAdminInvite } from "../../lib/auth/create-admin-invite";
import { AppError } from "../../lib/errors";
import { enrolAdmin } from "../../lib/users/enrol-admin";
import { testIp } from "../support/auth-sessions";
import { createTestUser, type TestUser } from "../support/identity";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const actorOf = (user: TestUser) => userActor({ userId: user.userId, partyId: user.partyId });
const isAdmin = async (user: TestUser) =>
  (await t.db.select().from(users).where(eq(users.id, user.userId)))[0]?.isAdmin;

async function refusal(action: () => Promise<unknown>): Promise<AppError> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("admin bootstrap", () => {
  it("creates one enrolment invite while there is no admin, stores only its hash, and makes its opener an admin once", async () => {
    const invite = await ensureBootstrapAdminInvite(t.db);
    expect(invite).not.toBeNull();
    expect(await ensureBootstrapAdminInvite(t.db)).toBeNull();
    const stored = await t.db.select().from(adminInvites);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).not.toContain(invite?.token ?? "-");
    expect(stored[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    const first = await createTestUser(t.db);
    const second = await createTestUser(t.db);
    await enrolAdmin(t.db, { actor: actorOf(first), token: invite?.token ?? "", ip: testIp() });
    expect(await isAdmin(first)).toBe(true);
    const reuse = await refusal(() =>
      enrolAdmin(t.db, { actor: actorOf(second), token: invite?.token ?? "", ip: testIp() }),
    );
    expect(reuse.code).toBe("NOT_FOUND");
    expect(await isAdmin(second)).toBe(false);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "admin.enrolled"));
    expect(audit?.actorUserId).toBe(first.userId);
    // An admin exists now: no more bootstrap invites.
    expect(await ensureBootstrapAdminInvite(t.db)).toBeNull();
  });

  it("refuses expired and made-up tokens", async () => {
    const user = await createTestUser(t.db);
    const { token } = await createAdminInvite(t.db);
    await t.db.update(adminInvites).set({ expiresAt: sql`now() - interval '1 second'` });
    expect((await refusal(() => enrolAdmin(t.db, { actor: actorOf(user), token, ip: testIp() }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (
        await refusal(() =>
          enrolAdmin(t.db, { actor: actorOf(user), token: "made-up-token-made-up-token", ip: testIp() }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    expect(await isAdmin(user)).toBe(false);
  });
});
