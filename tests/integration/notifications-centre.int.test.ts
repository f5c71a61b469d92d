import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { column, queryRows } from "../../db/rows";
import { countUnreadNotifications } from "../../lib/notifications/count-unread-notifications";
import { listNotifications } from "../../lib/notifications/list-notifications";
import {
  markAllNotificationsRead,
  markNotificationRead,
} from "../../lib/notifications/mark-notifications-read";
import { pruneNotifications } from "../../lib/notifications/prune-notifications";
import { recordSecurityEvent } from "../../lib/security-events/record-security-event";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { declineTransfer } from "../../lib/transfers/decline-transfer";
import {
  actorOf,
  authorizeAccept,
  couponTestDatabaseForFile,
  expectAppError,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";
import { insertParty } from "../support/schema-fixtures";

const t = couponTestDatabaseForFile();

const kindsOf = (db: Parameters<typeof queryRows>[0], partyId: string) =>
  queryRows(
    db,
    { kind: column.text, ref: column.text },
    sql`select kind::text as kind, ref from notifications where party_id = ${partyId} order by id`,
  );

describe("notifications written by the database with the change", () => {
  it("an offer tells its recipient in the offer's own transaction; a rolled-back offer tells nobody", async () => {
    const alice = await createTestUser(t.db);
    const bob = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 1000n });

    const rolledBack = new Error("roll back");
    await expect(
      t.db.transaction(async (tx) => {
        const offer = await offerTestCoupon(tx, alice, coupon, { partyId: bob.partyId });
        // Inside the transaction the notification is there; outside it is not yet.
        expect(await kindsOf(tx, bob.partyId)).toEqual([{ kind: "offer_received", ref: offer.transferId }]);
        expect(await kindsOf(t.db, bob.partyId)).toEqual([]);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await kindsOf(t.db, bob.partyId)).toEqual([]);

    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    expect(await kindsOf(t.db, bob.partyId)).toEqual([{ kind: "offer_received", ref: offer.transferId }]);
    // The offering person is not told about their own offer.
    expect(await kindsOf(t.db, alice.partyId)).toEqual([]);

    const { items } = await listNotifications(t.db, actorOf(bob));
    expect(items).toHaveLength(1);
    expect(items[0]?.title).toBe(`${alice.handle} offered you a coupon of €10.00.`);
    expect(items[0]?.title).not.toMatch(/cpn_|trf_|pty_/);
    expect(items[0]?.readAt).toBeNull();
  });

  it("accepting and declining tell the person who offered, in plain words", async () => {
    const alice = await createTestUser(t.db);
    const bob = await createTestUser(t.db);
    const first = await issueTestCoupon(t.db, alice, { amountMinor: 250n });
    const second = await issueTestCoupon(t.db, alice, { amountMinor: 300n });
    const accepted = await offerTestCoupon(t.db, alice, first, { partyId: bob.partyId });
    await acceptTransfer(t.db, actorOf(bob), {
      transferId: accepted.transferId,
      authorization: await authorizeAccept(t.db, bob, accepted),
    });
    const declined = await offerTestCoupon(t.db, alice, second, { partyId: bob.partyId });
    await declineTransfer(t.db, actorOf(bob), { transferId: declined.transferId });

    expect(await kindsOf(t.db, alice.partyId)).toEqual([
      { kind: "offer_accepted", ref: accepted.transferId },
      { kind: "offer_declined", ref: declined.transferId },
    ]);
    const titles = (await listNotifications(t.db, actorOf(alice))).items.map((item) => item.title);
    expect(titles).toEqual([
      `${bob.handle} declined a coupon of €3.00 you offered; it is back in your wallet.`,
      `${bob.handle} accepted a coupon of €2.50 you gave.`,
    ]);
  });

  it("security events become notifications with plain words; shops are never notified", async () => {
    const carol = await createTestUser(t.db);
    await recordSecurityEvent(t.db, { userId: carol.userId, kind: "passkey_added", detail: "Laptop" });
    const { items } = await listNotifications(t.db, actorOf(carol));
    expect(items.map((item) => [item.kind, item.title, item.href])).toEqual([
      ["security", "A passkey was added to your account (Laptop).", "/wallet/settings/security"],
    ]);
    const shopParty = await insertParty(t.db, "shop");
    await t.db.execute(sql`select scrip_notify_party(${shopParty}, 'offer_received', 'x')`);
    expect(await kindsOf(t.db, shopParty)).toEqual([]);
  });
});

describe("reading and marking notifications", () => {
  it("each person reads and marks only their own: another person's id is NOT_FOUND and changes nothing", async () => {
    const alice = await createTestUser(t.db);
    const bob = await createTestUser(t.db);
    const mallory = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 700n });
    await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    await recordSecurityEvent(t.db, { userId: bob.userId, kind: "new_browser_sign_in" });

    const bobs = (await listNotifications(t.db, actorOf(bob))).items;
    expect(bobs).toHaveLength(2);
    expect(await countUnreadNotifications(t.db, actorOf(bob))).toBe(2);
    expect((await listNotifications(t.db, actorOf(mallory))).items).toEqual([]);

    const target = bobs[0]?.id ?? "";
    await expectAppError(markNotificationRead(t.db, actorOf(mallory), { id: target }), "NOT_FOUND");
    await expectAppError(markNotificationRead(t.db, actorOf(mallory), { id: "999999999" }), "NOT_FOUND");
    await expectAppError(markNotificationRead(t.db, actorOf(mallory), { id: "1 or 1=1" }), "NOT_FOUND");
    expect(await markAllNotificationsRead(t.db, actorOf(mallory))).toEqual({ marked: 0 });
    expect(await countUnreadNotifications(t.db, actorOf(bob))).toBe(2);

    await markNotificationRead(t.db, actorOf(bob), { id: target });
    await markNotificationRead(t.db, actorOf(bob), { id: target });
    expect(await countUnreadNotifications(t.db, actorOf(bob))).toBe(1);
    expect(await markAllNotificationsRead(t.db, actorOf(bob))).toEqual({ marked: 1 });
    expect(await countUnreadNotifications(t.db, actorOf(bob))).toBe(0);
    expect((await listNotifications(t.db, actorOf(bob))).items.every((item) => item.readAt)).toBe(true);
    await expectAppError(
      listNotifications(t.db, { kind: "shop", shopId: "shop_x", partyId: bob.partyId }),
      "FORBIDDEN",
    );
  });

  it("pages newest first, and the prune job removes only notifications read long ago", async () => {
    const dave = await createTestUser(t.db);
    for (let index = 0; index < 25; index++) {
      await recordSecurityEvent(t.db, {
        userId: dave.userId,
        kind: "passkey_renamed",
        detail: `Key ${index}`,
      });
    }
    const first = await listNotifications(t.db, actorOf(dave));
    expect(first.items).toHaveLength(20);
    expect(first.items[0]?.title).toContain("Key 24");
    const second = await listNotifications(t.db, actorOf(dave), { before: first.nextBefore });
    expect(second.items.map((item) => item.title.match(/Key \d+/)?.[0])).toEqual([
      "Key 4",
      "Key 3",
      "Key 2",
      "Key 1",
      "Key 0",
    ]);
    expect(second.nextBefore).toBeNull();

    await markNotificationRead(t.db, actorOf(dave), { id: second.items[4]?.id ?? "" });
    await markNotificationRead(t.db, actorOf(dave), { id: second.items[3]?.id ?? "" });
    await t.db.execute(
      sql`update notifications set read_at = now() - interval '40 days' where id = ${second.items[4]?.id}::bigint`,
    );
    expect(await pruneNotifications(t.db)).toEqual({ deleted: 1 });
    const after = await listNotifications(t.db, actorOf(dave), { before: first.nextBefore });
    expect(after.items.map((item) => item.title.match(/Key \d+/)?.[0])).toEqual([
      "Key 4",
      "Key 3",
      "Key 2",
      "Key 1",
    ]);
  });
});

describe("sign-up", () => {
  it("the security events of the transaction that creates the account are not notified; later ones are", async () => {
    const created = await t.db.transaction(async (tx) => {
      const user = await createTestUser(tx);
      await recordSecurityEvent(tx, { userId: user.userId, kind: "passkey_added", detail: "First" });
      await recordSecurityEvent(tx, { userId: user.userId, kind: "recovery_codes_created" });
      return user;
    });
    expect(await kindsOf(t.db, created.partyId)).toEqual([]);
    await recordSecurityEvent(t.db, { userId: created.userId, kind: "passkey_added", detail: "Second" });
    expect((await kindsOf(t.db, created.partyId)).map((row) => row.kind)).toEqual(["security"]);
  });
});
