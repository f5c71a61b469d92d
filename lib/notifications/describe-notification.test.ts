import { describe, expect, it } from "vitest";
import { describeNotification, type NotificationFacts } from "./describe-notification";
import { notificationKinds } from "./notification-kinds";

const none: Omit<NotificationFacts, "kind"> = {
  couponMinor: null,
  couponCurrency: null,
  couponId: null,
  fromName: null,
  toName: null,
  acceptedByName: null,
  requestMinor: null,
  requestCurrency: null,
  requestReason: null,
  statementKind: null,
  statementMinor: null,
  statementCurrency: null,
  statementDueAt: null,
  securityKind: null,
  securityDetail: null,
};

describe("describeNotification", () => {
  it("says what happened in plain words with the one money format", () => {
    const offer = { ...none, couponMinor: 1250n, couponCurrency: "EUR", fromName: "Ann", couponId: "cpn_1" };
    expect(describeNotification({ ...offer, kind: "offer_received" }).title).toBe(
      "Ann offered you a coupon of €12.50.",
    );
    expect(
      describeNotification({ ...offer, couponMinor: 3500n, inGift: true, kind: "offer_received" }).title,
    ).toBe("Ann offered you a gift of €35.00.");
    expect(describeNotification({ ...offer, kind: "refund_offered", fromName: "Demo café" }).title).toBe(
      "Demo café offered you a refund of €12.50.",
    );
    expect(describeNotification({ ...offer, kind: "offer_expired" }).title).toBe(
      "Nobody claimed a coupon of €12.50 in time; it is back in your wallet.",
    );
    expect(
      describeNotification({
        ...none,
        kind: "statement_issued",
        statementKind: "payout",
        statementMinor: 640n,
        statementCurrency: "EUR",
      }).title,
    ).toBe("Your new statement is ready: Scrip pays you €6.40.");
    expect(
      describeNotification({
        ...none,
        kind: "statement_issued",
        statementKind: "invoice",
        statementMinor: 5000n,
        statementCurrency: "EUR",
        statementDueAt: new Date("2026-12-12T10:00:00Z"),
      }).title,
    ).toBe("Your new statement is ready: you owe Scrip €50.00, due by 12 Dec 2026.");
    expect(
      describeNotification({ ...none, kind: "payout_sent", statementMinor: 640n, statementCurrency: "EUR" })
        .title,
    ).toBe("Scrip paid you €6.40.");
    expect(
      describeNotification({
        ...none,
        kind: "issuance_approved",
        requestMinor: 30000n,
        requestCurrency: "JPY",
      }).title,
    ).toBe("Your request for ¥30,000 was approved; the coupon is in your wallet.");
  });

  it("has words and a page for every kind, never an internal code or id", () => {
    for (const kind of notificationKinds) {
      const words = describeNotification({ ...none, kind, couponId: "cpn_secret" });
      expect(words.title).toMatch(/^[A-Z].*\.$/);
      expect(words.title).not.toMatch(/_|cpn|null|undefined/);
      expect(words.href).toMatch(/^\/wallet/);
    }
  });
});
