/**
 * The account's own list of security events (#13, hole 1): sign-ins from a browser the account has not used
 * before, passkey changes, recovery; newest first, bounded, and only ever the person's own.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityEvents } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { finishPasskeySignIn } from "../../lib/passkeys/finish-passkey-sign-in";
import { startPasskeySignIn } from "../../lib/passkeys/start-passkey-sign-in";
import { listSecurityEvents, securityEventsShownMax } from "../../lib/security-events/list-security-events";
import { recordSecurityEvent } from "../../lib/security-events/record-security-event";
import { actorOfUser, testRp } from "../support/account-changes";
import { testIp } from "../support/auth-sessions";
import { createTestUser, type TestUser } from "../support/identity";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const chromeOnWindows =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

/** Signs `user` in from a browser holding `browserToken` (null: a browser without the cookie). */
async function signInFrom(user: TestUser, browserToken: string | null) {
  const meta = { ip: testIp(), userAgent: chromeOnWindows };
  const { challenge } = await startPasskeySignIn(t.db, { meta }, testRp);
  const response = user.authenticator.createAssertion(challenge);
  return finishPasskeySignIn(t.db, { response, meta, browserToken }, testRp);
}

const kindsOf = async (user: TestUser) =>
  (await listSecurityEvents(t.db, { actor: actorOfUser(user) })).map((e) => e.kind);

describe("sign-in from a new browser", () => {
  it("is recorded the first time a browser signs in to the account, not again from that browser", async () => {
    const user = await createTestUser(t.db);
    const first = await signInFrom(user, null);
    expect(first.browserToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [event] = await listSecurityEvents(t.db, { actor: actorOfUser(user) });
    expect(event?.kind).toBe("new_browser_sign_in");
    expect(event?.detail).toBe("Chrome on Windows");
    const again = await signInFrom(user, first.browserToken);
    expect(again.browserToken).toBe(first.browserToken);
    expect(await kindsOf(user)).toEqual(["new_browser_sign_in"]);
    await signInFrom(user, "not-a-token");
    expect(await kindsOf(user)).toEqual(["new_browser_sign_in", "new_browser_sign_in"]);
  });

  it("is recorded per account: a browser another account used is still new to this one", async () => {
    const owner = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const { browserToken } = await signInFrom(other, null);
    await signInFrom(owner, browserToken);
    expect(await kindsOf(owner)).toEqual(["new_browser_sign_in"]);
  });
});

describe("the list of security events", () => {
  it("cannot be rewritten: an event is never updated", async () => {
    const user = await createTestUser(t.db);
    await recordSecurityEvent(t.db, { userId: user.userId, kind: "passkey_added", detail: "Laptop" });
    await expect(
      t.db.update(securityEvents).set({ detail: "nothing" }).where(eq(securityEvents.userId, user.userId)),
    ).rejects.toThrow();
    expect((await listSecurityEvents(t.db, { actor: actorOfUser(user) }))[0]?.detail).toBe("Laptop");
  });

  it("is newest first, bounded, and never shows another person's events", async () => {
    const user = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    await recordSecurityEvent(t.db, { userId: other.userId, kind: "passkey_removed", detail: "Theirs" });
    for (let i = 0; i < securityEventsShownMax + 5; i++) {
      await recordSecurityEvent(t.db, { userId: user.userId, kind: "passkey_renamed", detail: `n${i}` });
    }
    await recordSecurityEvent(t.db, { userId: user.userId, kind: "passkey_added", detail: "Newest" });
    const events = await listSecurityEvents(t.db, { actor: actorOfUser(user) });
    expect(events).toHaveLength(securityEventsShownMax);
    expect(events[0]?.detail).toBe("Newest");
    expect(events.some((e) => e.detail === "Theirs")).toBe(false);
    const stored = await t.db.select().from(securityEvents).where(eq(securityEvents.userId, user.userId));
    expect(stored).toHaveLength(securityEventsShownMax + 6);
  });
});
