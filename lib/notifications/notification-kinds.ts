import { notificationKind } from "@/db/schema/notifications";

/** Every kind of notification: the database enum `notification_kind` (db/schema/notifications.ts). */
export const notificationKinds = notificationKind.enumValues;

export type NotificationKind = (typeof notificationKinds)[number];

/** The kinds a person may stop receiving by email: every one except security, which is always sent. */
export const optionalEmailKinds = notificationKinds.filter(
  (kind): kind is Exclude<NotificationKind, "security"> => kind !== "security",
);

export type OptionalEmailKind = (typeof optionalEmailKinds)[number];

/** How each kind is named in email settings. */
export const notificationKindLabels: Record<NotificationKind, string> = {
  offer_received: "Someone offers you a coupon",
  offer_accepted: "Someone accepts a coupon you gave",
  offer_declined: "Someone declines a coupon you gave",
  offer_expired: "A coupon you gave was not accepted in time",
  refund_offered: "A shop offers you a refund",
  issuance_approved: "A coupon request is approved",
  issuance_rejected: "A coupon request is turned down",
  statement_issued: "A new statement is ready",
  payout_sent: "Scrip sends you a payout",
  payment_requested: "A shop's till asks you to pay",
  security: "Security: passkeys, recovery codes, new sign-ins (always sent)",
};
