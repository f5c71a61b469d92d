import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { column, queryRows } from "../../db/rows";
import { removeEmailAddress, setEmailAddress, setEmailOptOuts } from "../../lib/email/email-settings";
import { type ReceivedMail, startLocalSmtpServer } from "../../lib/email/local-smtp-server";
import { smtpSender } from "../../lib/email/mail-transport";
import { sendVerificationEmail } from "../../lib/email/send-verification-email";
import { verifyEmailAddress } from "../../lib/email/verify-email-address";
import { sendNotificationEmails } from "../../lib/notifications/send-notification-emails";
import { recordSecurityEvent } from "../../lib/security-events/record-security-event";
import {
  actorOf,
  couponTestDatabaseForFile,
  expectAppError,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";

const t = couponTestDatabaseForFile();

/** A real SMTP server on a port of its own; `refusing` makes it answer 451 to every message. */
const inbox: ReceivedMail[] = [];
let refusing = false;
let smtp: Awaited<ReturnType<typeof startLocalSmtpServer>>;
let send: NonNullable<ReturnType<typeof smtpSender>>;

beforeAll(async () => {
  smtp = await startLocalSmtpServer({ onMessage: (mail) => void inbox.push(mail), refuse: () => refusing });
  process.env.SCRIP_SMTP_URL = smtp.url;
  const sender = smtpSender(smtp.url);
  if (!sender) throw new Error("no sender");
  send = sender;
});

afterAll(async () => {
  await smtp?.close();
});

const mailTo = (address: string) => inbox.filter((mail) => mail.rcptTo.includes(address));

/** Adds an address for `user` and verifies it through the link in the real delivered email. */
async function verifiedAddress(user: TestUser): Promise<string> {
  const address = `${user.handle.toLowerCase()}@example.test`;
  await setEmailAddress(t.db, actorOf(user), { address });
  expect(await sendVerificationEmail(t.db, send, { userId: user.userId, address })).toEqual({ sent: true });
  const mail = mailTo(address).at(-1);
  const token = /\/wallet\/settings\/email\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? "")?.[1];
  expect(token).toBeTruthy();
  expect(await verifyEmailAddress(t.db, actorOf(user), { token: token ?? "" })).toEqual({ address });
  return address;
}

describe("email addresses", () => {
  it("verifies only through the newest link, once, for its own person; the token is stored hashed", async () => {
    const bob = await createTestUser(t.db);
    const mallory = await createTestUser(t.db);
    const address = `${bob.handle.toLowerCase()}@example.test`;
    await setEmailAddress(t.db, actorOf(bob), { address });
    await sendVerificationEmail(t.db, send, { userId: bob.userId, address });
    await sendVerificationEmail(t.db, send, { userId: bob.userId, address });
    const [older, newer] = mailTo(address).map((mail) => /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? "");
    expect(older && newer && older !== newer).toBe(true);
    const stored = await queryRows(
      t.db,
      { token_hash: column.textOrNull },
      sql`select token_hash from email_addresses where user_id = ${bob.userId}`,
    );
    expect(stored[0]?.token_hash).not.toBe(newer);
    expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);

    await expectAppError(verifyEmailAddress(t.db, actorOf(bob), { token: older ?? "" }), "NOT_FOUND");
    await expectAppError(verifyEmailAddress(t.db, actorOf(mallory), { token: newer ?? "" }), "NOT_FOUND");
    await verifyEmailAddress(t.db, actorOf(bob), { token: newer ?? "" });
    await expectAppError(verifyEmailAddress(t.db, actorOf(bob), { token: newer ?? "" }), "NOT_FOUND");
    // Once verified, the job sends no more links.
    expect(await sendVerificationEmail(t.db, send, { userId: bob.userId, address })).toEqual({ sent: false });
  });

  it("refuses addresses that are not one plain address, with a 400", async () => {
    const carol = await createTestUser(t.db);
    for (const address of [
      "not an address",
      "a@b.c\r\nBcc: x@y.z",
      `${"x".repeat(250)}@e.st`,
      "a@b.c, d@e.f",
    ]) {
      await expectAppError(setEmailAddress(t.db, actorOf(carol), { address }), "VALIDATION_FAILED");
    }
  });
});

describe("notification emails", () => {
  it("a verified address receives the email; an unverified one receives nothing", async () => {
    const alice = await createTestUser(t.db);
    const bob = await createTestUser(t.db);
    const carol = await createTestUser(t.db);
    const bobAddress = await verifiedAddress(bob);
    const carolAddress = `${carol.handle.toLowerCase()}@example.test`;
    await setEmailAddress(t.db, actorOf(carol), { address: carolAddress });
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 1250n });
    const other = await issueTestCoupon(t.db, alice, { amountMinor: 500n });
    await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    await offerTestCoupon(t.db, alice, other, { partyId: carol.partyId });

    const result = await sendNotificationEmails(t.db, send);
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    const [mail, ...more] = mailTo(bobAddress).filter((m) => m.subject.includes("offered you"));
    expect(more).toEqual([]);
    expect(mail?.subject).toBe(`${alice.handle} offered you a coupon of €12.50.`);
    expect(mail?.text).toContain("http://localhost:3000/wallet");
    expect(mail?.messageId).toMatch(/^<notification-\d+@localhost>$/);
    expect(mailTo(carolAddress)).toEqual([]);
    // Sent once: the next run finds nothing new.
    expect(await sendNotificationEmails(t.db, send)).toMatchObject({ sent: 0 });
  });

  it("opting out stops that kind's email but never security emails; removing the address stops all", async () => {
    const alice = await createTestUser(t.db);
    const dave = await createTestUser(t.db);
    const address = await verifiedAddress(dave);
    await setEmailOptOuts(t.db, actorOf(dave), { optedOut: ["offer_received"] });
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 800n });
    await offerTestCoupon(t.db, alice, coupon, { partyId: dave.partyId });
    await recordSecurityEvent(t.db, { userId: dave.userId, kind: "passkey_removed", detail: "Old phone" });
    await sendNotificationEmails(t.db, send);
    const subjects = mailTo(address).map((mail) => mail.subject);
    expect(subjects.filter((subject) => subject.includes("offered you"))).toEqual([]);
    expect(subjects).toContain("A passkey was removed from your account (Old phone).");
    // "security" is not a kind one may opt out of: the schema of the action refuses it, and even stored it is ignored.
    await t.db.execute(
      sql`update email_addresses set opted_out = '{security}' where user_id = ${dave.userId}`,
    );
    await recordSecurityEvent(t.db, { userId: dave.userId, kind: "sessions_signed_out" });
    await sendNotificationEmails(t.db, send);
    expect(mailTo(address).map((mail) => mail.subject)).toContain(
      "Browsers were signed out of your account.",
    );

    await removeEmailAddress(t.db, actorOf(dave));
    const before = mailTo(address).length;
    await recordSecurityEvent(t.db, { userId: dave.userId, kind: "recovery_codes_created" });
    await sendNotificationEmails(t.db, send);
    expect(mailTo(address)).toHaveLength(before);
  });

  it("after an SMTP failure the retry sends each email once, with the same dedupe key", async () => {
    const erin = await createTestUser(t.db);
    const address = await verifiedAddress(erin);
    await recordSecurityEvent(t.db, { userId: erin.userId, kind: "new_browser_sign_in", detail: "Firefox" });
    await recordSecurityEvent(t.db, { userId: erin.userId, kind: "passkey_added", detail: "Tablet" });
    const before = mailTo(address).length;

    refusing = true;
    await expect(sendNotificationEmails(t.db, send)).rejects.toThrow(/could not be sent/);
    expect(mailTo(address)).toHaveLength(before);
    const pending = await queryRows(
      t.db,
      { done: column.int, leased: column.int },
      sql`select count(*) filter (where email_done_at is not null)::int as done,
          count(*) filter (where email_lease_until is not null)::int as leased
        from notifications n join users u on u.party_id = n.party_id where u.id = ${erin.userId}`,
    );
    expect(pending).toEqual([{ done: 0, leased: 0 }]);

    refusing = false;
    expect(await sendNotificationEmails(t.db, send)).toMatchObject({ sent: 2, failed: 0 });
    expect(await sendNotificationEmails(t.db, send)).toMatchObject({ sent: 0 });
    const delivered = mailTo(address).slice(before);
    expect(delivered.map((mail) => mail.subject).sort()).toEqual([
      "A passkey was added to your account (Tablet).",
      "Someone signed in to your account from a browser not used before (Firefox).",
    ]);
    expect(new Set(delivered.map((mail) => mail.messageId)).size).toBe(2);
  });

  it("two workers running at once send each email once (claims skip each other's rows)", async () => {
    const frank = await createTestUser(t.db);
    const address = await verifiedAddress(frank);
    for (let index = 0; index < 6; index++) {
      await recordSecurityEvent(t.db, { userId: frank.userId, kind: "passkey_renamed", detail: `K${index}` });
    }
    const before = mailTo(address).length;
    const results = await Promise.all([
      sendNotificationEmails(t.db, send),
      sendNotificationEmails(t.db, send),
    ]);
    expect(results.reduce((sum, result) => sum + result.sent, 0)).toBe(6);
    const delivered = mailTo(address).slice(before);
    expect(delivered).toHaveLength(6);
    expect(new Set(delivered.map((mail) => mail.messageId)).size).toBe(6);
  });
});
