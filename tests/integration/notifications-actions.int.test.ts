import { describe, expect, it } from "vitest";
import {
  markAllNotificationsReadAction,
  markNotificationReadAction,
} from "../../app/(wallet)/wallet/notifications/actions";
import {
  removeEmailAddressAction,
  setEmailOptOutsAction,
  verifyEmailAddressAction,
} from "../../app/(wallet)/wallet/settings/email/actions";
import { countUnreadNotifications } from "../../lib/notifications/count-unread-notifications";
import { listNotifications } from "../../lib/notifications/list-notifications";
import { recordSecurityEvent } from "../../lib/security-events/record-security-event";
import { actorOf, couponTestDatabaseForFile } from "../support/coupon-fixtures";
import { matrixCaller, outcomeOf } from "../support/matrix";

const t = couponTestDatabaseForFile();

describe("notification and email actions, per caller", () => {
  it("marking read: the owner may; nobody signed out, no other person and no admin may (404 alike)", async () => {
    const owner = await matrixCaller(t.db, {});
    const other = await matrixCaller(t.db, {});
    const admin = await matrixCaller(t.db, { isAdmin: true });
    const anonymous = await matrixCaller(t.db, { anonymous: true });
    if (!owner.user) throw new Error("no owner");
    await recordSecurityEvent(t.db, { userId: owner.user.userId, kind: "passkey_added", detail: "Phone" });
    const [item] = (await listNotifications(t.db, actorOf(owner.user))).items;
    const id = item?.id ?? "";

    const cells = {
      anonymous: outcomeOf(await markNotificationReadAction.run(anonymous.context, { id })),
      other: outcomeOf(await markNotificationReadAction.run(other.context, { id })),
      admin: outcomeOf(await markNotificationReadAction.run(admin.context, { id })),
      hostile: outcomeOf(await markNotificationReadAction.run(owner.context, { id: "1\u0000" })),
      tooLong: outcomeOf(await markNotificationReadAction.run(owner.context, { id: "9".repeat(40) })),
      otherAll: outcomeOf(await markAllNotificationsReadAction.run(other.context, {})),
    };
    expect(cells).toEqual({
      anonymous: "UNAUTHENTICATED",
      other: "NOT_FOUND",
      admin: "NOT_FOUND",
      hostile: "VALIDATION_FAILED",
      tooLong: "VALIDATION_FAILED",
      otherAll: "ok",
    });
    expect(await countUnreadNotifications(t.db, actorOf(owner.user))).toBe(1);
    expect(outcomeOf(await markNotificationReadAction.run(owner.context, { id }))).toBe("ok");
    expect(await countUnreadNotifications(t.db, actorOf(owner.user))).toBe(0);
  });

  it("email settings refuse turning security email off and malformed tokens with a 400, and need a session", async () => {
    const person = await matrixCaller(t.db, {});
    const anonymous = await matrixCaller(t.db, { anonymous: true });
    expect({
      security: outcomeOf(await setEmailOptOutsAction.run(person.context, { optedOut: ["security"] })),
      unknownKind: outcomeOf(await setEmailOptOutsAction.run(person.context, { optedOut: ["everything"] })),
      noAddress: outcomeOf(await setEmailOptOutsAction.run(person.context, { optedOut: ["offer_received"] })),
      badToken: outcomeOf(await verifyEmailAddressAction.run(person.context, { token: "x'; drop table --" })),
      unknownToken: outcomeOf(await verifyEmailAddressAction.run(person.context, { token: "abc" })),
      anonymousVerify: outcomeOf(await verifyEmailAddressAction.run(anonymous.context, { token: "abc" })),
      anonymousRemove: outcomeOf(await removeEmailAddressAction.run(anonymous.context, {})),
    }).toEqual({
      security: "VALIDATION_FAILED",
      unknownKind: "VALIDATION_FAILED",
      noAddress: "NOT_FOUND",
      badToken: "VALIDATION_FAILED",
      unknownToken: "NOT_FOUND",
      anonymousVerify: "UNAUTHENTICATED",
      anonymousRemove: "UNAUTHENTICATED",
    });
  });
});
