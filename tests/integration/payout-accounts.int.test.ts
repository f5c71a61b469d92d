/**
 * Payout accounts (issue 18): where Scrip pays a person or a shop. Checked before any passkey prompt, stored
 * encrypted, shown masked, changed only with a passkey assertion over exactly the new details, audited masked,
 * notified, and held for review for 24 hours after a change.
 */
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, payoutAccounts, securityEvents, webauthnChallenges } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import type { Actor } from "../../lib/auth/actor";
import { listNotifications } from "../../lib/notifications/list-notifications";
import { beginSetPayoutAccount } from "../../lib/payout-accounts/begin-set-payout-account";
import { getPayoutAccount } from "../../lib/payout-accounts/get-payout-account";
import { isPayoutHeld } from "../../lib/payout-accounts/payout-hold";
import { readPayoutIbanForExport } from "../../lib/payout-accounts/read-payout-iban-for-export";
import {
  beginRemovePayoutAccount,
  removePayoutAccount,
} from "../../lib/payout-accounts/remove-payout-account";
import { setPayoutAccount } from "../../lib/payout-accounts/set-payout-account";
import { createTestShop } from "../support/auth-sessions";
import { actorOf, expectAppError, setupCouponEnvironment } from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";
import { setPartyStatus } from "../support/suspension-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const ibans = {
  DE: "DE89370400440532013000",
  FR: "FR1420041010050500013M02606",
  NL: "NL91ABNA0417164300",
  AT: "AT611904300234573201",
  BE: "BE68539007547034",
};

type Details = { iban: string; holderName: string; bic?: string };
type Scope = { shopId?: string };

/** Sets an account the way the page does: check and get a challenge, the passkey signs it, then save. */
async function setConfirmed(user: TestUser, actor: Actor, details: Details, scope: Scope = {}) {
  const draft = await beginSetPayoutAccount(t.db, actor, { ...scope, ...details, ip: null });
  const authorization = user.authenticator.createAssertion(draft.options.challenge);
  return setPayoutAccount(t.db, actor, { ...scope, ...details, authorization });
}

async function rowsOf(partyId: string) {
  return t.db.select().from(payoutAccounts).where(eq(payoutAccounts.partyId, partyId));
}

async function auditOf(partyId: string) {
  return t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "party"), eq(auditLog.targetId, partyId)));
}

async function challengesOf(userId: string) {
  const [row] = await t.db
    .select({ n: count() })
    .from(webauthnChallenges)
    .where(eq(webauthnChallenges.userId, userId));
  return row?.n ?? 0;
}

async function shopWith(...roles: ("owner" | "staff")[]) {
  const users = await Promise.all(roles.map(() => createTestUser(t.db)));
  const shop = await createTestShop(
    t.db,
    users.map((user, index) => ({ userId: user.userId, role: roles[index] as "owner" | "staff" })),
  );
  const actors = users.map(
    (user, index): Actor => ({
      kind: "user",
      userId: user.userId,
      partyId: user.partyId,
      isAdmin: false,
      shopRoles: { [shop.shopId]: roles[index] as "owner" | "staff" },
    }),
  );
  return { ...shop, users, actors };
}

describe("a person's payout account", () => {
  it.each(Object.entries(ibans))(
    "accepts a valid %s IBAN, stores it encrypted and shows it masked",
    async (country, iban) => {
      const user = await createTestUser(t.db);
      const typed = iban.toLowerCase().replace(/(.{4})/g, "$1 ");
      const saved = await setConfirmed(user, actorOf(user), { iban: typed, holderName: "  Ada   Lovelace " });
      const [row] = await rowsOf(user.partyId);
      expect(row).toMatchObject({
        country,
        ibanLast4: iban.slice(-4),
        ibanLength: iban.length,
        holderName: "Ada Lovelace",
      });
      // No column holds the IBAN in clear, in any spelling.
      const [raw] =
        await t.sql`select row_to_json(p)::text as text from payout_accounts p where party_id = ${user.partyId}`;
      const text = String(raw?.text);
      for (const spelling of [
        iban,
        typed.trim(),
        iban.slice(4, 12),
        Buffer.from(iban).toString("base64url"),
      ]) {
        expect(text).not.toContain(spelling);
      }
      const view = await getPayoutAccount(t.db, actorOf(user), {}, saved.changedAt);
      expect(view).toMatchObject({ holderName: "Ada Lovelace", country, bic: null });
      expect(view?.maskedIban.startsWith(`${country}••`)).toBe(true);
      expect(view?.maskedIban.replace(/ /g, "").endsWith(iban.slice(-4))).toBe(true);
      expect(view?.maskedIban.replace(/ /g, "")).toHaveLength(iban.length);
      expect(view?.heldUntil?.getTime()).toBe(saved.changedAt.getTime() + 86_400_000);
      expect(JSON.stringify(view)).not.toContain(iban.slice(4, 12));
    },
  );

  it("refuses bad input with a plain sentence, before any challenge, and writes nothing", async () => {
    const user = await createTestUser(t.db);
    const actor = actorOf(user);
    const cases: [Details, RegExp][] = [
      [{ iban: "DE89370400440532013001", holderName: "Ada" }, /check digits do not match/],
      [{ iban: "DE8937040044053201300", holderName: "Ada" }, /Germany has 22 characters; this one has 21/],
      [{ iban: "QQ89370400440532013000", holderName: "Ada" }, /not a country code that uses IBANs/],
      [{ iban: ibans.DE, holderName: "Ada", bic: "ABNANL2A" }, /BIC is of a bank in Netherlands/],
      [{ iban: ibans.DE, holderName: "Ada", bic: "COBADE" }, /BIC has 8 or 11 letters and digits/],
      [{ iban: ibans.DE, holderName: "A".repeat(71) }, /at most 70 characters/],
      [{ iban: ibans.DE, holderName: " " }, /Enter the account holder's name/],
      [{ iban: ibans.DE, holderName: "Ada\u0007Lovelace" }, /Latin letters/],
      [{ iban: ibans.DE, holderName: "Ada\u202eLovelace" }, /Latin letters/],
    ];
    for (const [details, message] of cases) {
      const beginError = await expectAppError(
        beginSetPayoutAccount(t.db, actor, { ...details, ip: null }),
        "VALIDATION_FAILED",
      );
      expect(beginError.message).toMatch(message);
      // Even with a genuine assertion over something, the save refuses the input first.
      const setError = await expectAppError(
        setPayoutAccount(t.db, actor, {
          ...details,
          authorization: user.authenticator.createAssertion("eA"),
        }),
        "VALIDATION_FAILED",
      );
      expect(setError.message).toMatch(message);
    }
    expect(await challengesOf(user.userId)).toBe(0);
    expect(await rowsOf(user.partyId)).toEqual([]);
    expect(await auditOf(user.partyId)).toEqual([]);
  });

  it("accepts a BIC of the IBAN's country and keeps it upper case", async () => {
    const user = await createTestUser(t.db);
    await setConfirmed(user, actorOf(user), { iban: ibans.DE, holderName: "Ada", bic: "cobadeff" });
    expect((await rowsOf(user.partyId))[0]?.bic).toBe("COBADEFF");
  });

  it("needs a passkey: a session alone, an assertion for other details, a stale or a replayed one are refused", async () => {
    const user = await createTestUser(t.db);
    const actor = actorOf(user);
    const details = { iban: ibans.NL, holderName: "Ada" };
    await expectAppError(setPayoutAccount(t.db, actor, details), "STEP_UP_REQUIRED");
    // An assertion over another IBAN does not confirm this one.
    const other = await beginSetPayoutAccount(t.db, actor, { iban: ibans.BE, holderName: "Ada", ip: null });
    await expectAppError(
      setPayoutAccount(t.db, actor, {
        ...details,
        authorization: user.authenticator.createAssertion(other.options.challenge),
      }),
      "STEP_UP_INVALID",
    );
    expect(await rowsOf(user.partyId)).toEqual([]);

    // Two confirmations begun for the same change: the first saves, the second is stale (it replaces nothing now).
    const first = await beginSetPayoutAccount(t.db, actor, { ...details, ip: null });
    const second = await beginSetPayoutAccount(t.db, actor, { ...details, ip: null });
    const firstAssertion = user.authenticator.createAssertion(first.options.challenge);
    await setPayoutAccount(t.db, actor, { ...details, authorization: firstAssertion });
    await expectAppError(
      setPayoutAccount(t.db, actor, {
        ...details,
        authorization: user.authenticator.createAssertion(second.options.challenge),
      }),
      "STEP_UP_INVALID",
    );
    // The spent assertion cannot be replayed.
    await expectAppError(
      setPayoutAccount(t.db, actor, { ...details, authorization: firstAssertion }),
      "STEP_UP_INVALID",
    );
    // Another person's passkey cannot confirm it either.
    const stranger = await createTestUser(t.db);
    const draft = await beginSetPayoutAccount(t.db, actor, { iban: ibans.AT, holderName: "Ada", ip: null });
    await expectAppError(
      setPayoutAccount(t.db, actor, {
        iban: ibans.AT,
        holderName: "Ada",
        authorization: stranger.authenticator.createAssertion(draft.options.challenge),
      }),
      "STEP_UP_INVALID",
    );
    expect((await rowsOf(user.partyId))[0]?.country).toBe("NL");
    expect((await auditOf(user.partyId)).map((row) => row.action)).toEqual(["payout_account.added"]);
  });

  it("audits masked, records a security event and notifies the person of each change and the removal", async () => {
    const user = await createTestUser(t.db);
    const actor = actorOf(user);
    await setConfirmed(user, actor, { iban: ibans.DE, holderName: "Ada" });
    await setConfirmed(user, actor, { iban: ibans.FR, holderName: "Ada L", bic: "BNPAFRPP" });
    const removal = await beginRemovePayoutAccount(t.db, actor, { ip: null });
    await expectAppError(removePayoutAccount(t.db, actor, {}), "STEP_UP_REQUIRED");
    await removePayoutAccount(t.db, actor, {
      authorization: user.authenticator.createAssertion(removal.options.challenge),
    });
    expect(await rowsOf(user.partyId)).toEqual([]);
    expect(await getPayoutAccount(t.db, actor, {})).toBeNull();
    await expectAppError(beginRemovePayoutAccount(t.db, actor, { ip: null }), "NOT_FOUND");

    const audit = await auditOf(user.partyId);
    expect(audit.map((row) => row.action)).toEqual([
      "payout_account.added",
      "payout_account.changed",
      "payout_account.removed",
    ]);
    expect(audit[1]?.data).toMatchObject({
      previous: { iban: "DE•• •••• •••• •••• ••30 00" },
      next: { iban: "FR•• •••• •••• •••• •••• •••2 606", bic: "BNPAFRPP", holderName: "Ada L" },
    });
    const auditText = JSON.stringify(audit.map((row) => row.data));
    for (const iban of [ibans.DE, ibans.FR]) expect(auditText).not.toContain(iban.slice(4, 12));

    const events = await t.db.select().from(securityEvents).where(eq(securityEvents.userId, user.userId));
    expect(events.map((event) => [event.kind, event.detail])).toEqual([
      ["payout_account_changed", "now the account ending 3000"],
      ["payout_account_changed", "now the account ending 2606"],
      ["payout_account_changed", "the account was removed"],
    ]);
    const { items } = await listNotifications(t.db, actor);
    expect(items.map((item) => item.title)).toContain(
      "Where Scrip pays you was changed (now the account ending 2606).",
    );
  });

  it("a refused confirmation leaves the account as it was", async () => {
    const user = await createTestUser(t.db);
    const actor = actorOf(user);
    await setConfirmed(user, actor, { iban: ibans.DE, holderName: "Ada" });
    const [before] = await rowsOf(user.partyId);
    await expectAppError(
      setPayoutAccount(t.db, actor, {
        iban: ibans.BE,
        holderName: "Ada",
        authorization: user.authenticator.createAssertion("bm9wZQ"),
      }),
      "STEP_UP_INVALID",
    );
    expect(await rowsOf(user.partyId)).toEqual([before]);
  });

  it("a suspended person cannot add, change or remove it — not even with a confirmation made before", async () => {
    const user = await createTestUser(t.db);
    const actor = actorOf(user);
    await setConfirmed(user, actor, { iban: ibans.DE, holderName: "Ada" });
    const [before] = await rowsOf(user.partyId);
    const draft = await beginSetPayoutAccount(t.db, actor, { iban: ibans.NL, holderName: "Ada", ip: null });
    const authorization = user.authenticator.createAssertion(draft.options.challenge);
    await setPartyStatus(t.db, user.partyId, "suspended");
    const challenges = await challengesOf(user.userId);
    await expectAppError(
      beginSetPayoutAccount(t.db, actor, { iban: ibans.FR, holderName: "Ada", ip: null }),
      "ACCOUNT_SUSPENDED",
    );
    expect(await challengesOf(user.userId)).toBe(challenges);
    await expectAppError(
      setPayoutAccount(t.db, actor, { iban: ibans.NL, holderName: "Ada", authorization }),
      "ACCOUNT_SUSPENDED",
    );
    expect(await rowsOf(user.partyId)).toEqual([before]);
    await setPartyStatus(t.db, user.partyId, "active");
    await setConfirmed(user, actor, { iban: ibans.NL, holderName: "Ada" });
    expect((await rowsOf(user.partyId))[0]?.ibanLast4).toBe("4300");
  });
});

describe("a shop's payout account", () => {
  it("its owner sets it; staff read it masked; staff and other shops' owners cannot change it", async () => {
    const shop = await shopWith("owner", "staff", "owner");
    const [owner, staff, coOwner] = shop.users as [TestUser, TestUser, TestUser];
    const [ownerActor, staffActor] = shop.actors as [Actor, Actor];
    const scope = { shopId: shop.shopId };
    const details = { iban: ibans.AT, holderName: "Bakery Ltd" };

    await expectAppError(
      beginSetPayoutAccount(t.db, staffActor, { ...scope, ...details, ip: null }),
      "FORBIDDEN",
    );
    await expectAppError(
      setPayoutAccount(t.db, staffActor, { ...scope, ...details, authorization: {} }),
      "FORBIDDEN",
    );
    const otherShop = await shopWith("owner");
    const otherOwner = otherShop.actors[0] as Actor;
    await expectAppError(
      beginSetPayoutAccount(t.db, otherOwner, { ...scope, ...details, ip: null }),
      "FORBIDDEN",
    );
    await expectAppError(getPayoutAccount(t.db, otherOwner, scope), "FORBIDDEN");
    // A consumer without the shop: their own account, never the shop's.
    await expectAppError(getPayoutAccount(t.db, actorOf(await createTestUser(t.db)), scope), "FORBIDDEN");

    await setConfirmed(owner, ownerActor, details, scope);
    expect((await rowsOf(shop.partyId))[0]).toMatchObject({ country: "AT", changedByUserId: owner.userId });
    expect(await rowsOf(owner.partyId)).toEqual([]);
    const seenByStaff = await getPayoutAccount(t.db, staffActor, scope);
    expect(seenByStaff).toMatchObject({ holderName: "Bakery Ltd", maskedIban: "AT•• •••• •••• •••• 3201" });
    await expectAppError(beginRemovePayoutAccount(t.db, staffActor, { ...scope, ip: null }), "FORBIDDEN");

    // Every owner hears of it; staff do not.
    for (const [user, expected] of [
      [owner, 1],
      [coOwner, 1],
      [staff, 0],
    ] as const) {
      const events = await t.db.select().from(securityEvents).where(eq(securityEvents.userId, user.userId));
      expect(events.filter((event) => event.kind === "payout_account_changed")).toHaveLength(expected);
    }
    const [event] = await t.db.select().from(securityEvents).where(eq(securityEvents.userId, coOwner.userId));
    expect(event?.detail).toMatch(/^Shop shop-.*: now the account ending 3201$/);
  });
});

describe("payout hold and export", () => {
  it("holds payouts for 24 hours after a change", () => {
    const changedAt = new Date("2026-03-01T10:00:00Z");
    expect(isPayoutHeld({ changedAt }, new Date("2026-03-02T09:59:00Z"))).toBe(true);
    expect(isPayoutHeld({ changedAt }, new Date("2026-03-02T10:01:00Z"))).toBe(false);
    expect(isPayoutHeld(null, new Date("2026-03-02T10:01:00Z"))).toBe(false);
  });

  it("decrypts the IBAN only for the export, by an admin", async () => {
    const user = await createTestUser(t.db);
    const saved = await setConfirmed(user, actorOf(user), {
      iban: ibans.BE,
      holderName: "Ada",
      bic: "GEBABEBB",
    });
    await expectAppError(
      readPayoutIbanForExport(t.db, actorOf(user), { partyId: user.partyId }),
      "FORBIDDEN",
    );
    const admin = actorOf(await createTestUser(t.db, { isAdmin: true }), { isAdmin: true });
    const exported = await readPayoutIbanForExport(t.db, admin, {
      partyId: user.partyId,
      now: new Date(saved.changedAt.getTime() + 86_460_000),
    });
    expect(exported).toMatchObject({ iban: ibans.BE, bic: "GEBABEBB", holderName: "Ada", held: false });
    // The ciphertext is bound to its party: moved to another party's row, it no longer decrypts.
    const other = await createTestUser(t.db);
    await t.db.execute(
      sql`insert into payout_accounts (party_id, iban_encrypted, iban_last4, iban_length, country, holder_name)
          select ${other.partyId}, iban_encrypted, iban_last4, iban_length, country, holder_name
          from payout_accounts where party_id = ${user.partyId}`,
    );
    await expect(readPayoutIbanForExport(t.db, admin, { partyId: other.partyId })).rejects.toThrow();
  });
});
