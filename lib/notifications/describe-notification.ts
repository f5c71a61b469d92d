import { formatDate } from "@/lib/dates/format-date";
import { formatMoney, moneyOf } from "@/lib/money/money";
import type { NotificationKind } from "./notification-kinds";

/** What a notification's words are made of: its kind and the facts of the row it refers to. */
export interface NotificationFacts {
  kind: NotificationKind;
  /** The transfer's coupon value (offers and refunds). */
  couponMinor: bigint | null;
  couponCurrency: string | null;
  couponId: string | null;
  /** The transfer is one of a gift of several coupons: the amount is the whole gift's. */
  inGift?: boolean;
  fromName: string | null;
  toName: string | null;
  acceptedByName: string | null;
  /** The issuance request's amount (approvals and rejections). */
  requestMinor: bigint | null;
  requestCurrency: string | null;
  requestReason: string | null;
  /** The statement (issued statements and payouts). */
  statementKind: "invoice" | "payout" | null;
  statementMinor: bigint | null;
  statementCurrency: string | null;
  /** When the invoice is due (invoices only). */
  statementDueAt: Date | null;
  securityKind: string | null;
  securityDetail: string | null;
  /** A shop's till asks this person to pay (payment_requested): the request; its shop is `fromName`. */
  paymentRequestId?: string | null;
}

export interface NotificationWords {
  /** One short sentence: what happened. */
  title: string;
  /** Where to see it, a path in Scrip. */
  href: string;
}

const money = (minor: bigint | null, currency: string | null) =>
  minor !== null && currency ? formatMoney(moneyOf(minor, currency)) : "a coupon";

const coupon = (facts: NotificationFacts) => {
  const what = facts.inGift ? "a gift" : "a coupon";
  return facts.couponMinor !== null ? `${what} of ${money(facts.couponMinor, facts.couponCurrency)}` : what;
};

const securityTitles: Record<string, string> = {
  passkey_added: "A passkey was added to your account",
  passkey_removed: "A passkey was removed from your account",
  passkey_renamed: "A passkey on your account was renamed",
  recovery_codes_created: "New recovery codes were made for your account (earlier ones no longer work)",
  recovery_used: "A recovery code was used to add a passkey to your account",
  new_browser_sign_in: "Someone signed in to your account from a browser not used before",
  sessions_signed_out: "Browsers were signed out of your account",
  payout_account_changed: "Where Scrip pays you was changed",
};

/** The plain words a person reads for one notification (on screen and in email), with one money format. */
export function describeNotification(facts: NotificationFacts): NotificationWords {
  const couponHref = facts.couponId ? `/wallet/coupons/${facts.couponId}` : "/wallet";
  switch (facts.kind) {
    case "offer_received":
      return { title: `${facts.fromName ?? "Someone"} offered you ${coupon(facts)}.`, href: "/wallet" };
    case "refund_offered":
      return {
        title: `${facts.fromName ?? "A shop"} offered you a refund of ${money(facts.couponMinor, facts.couponCurrency)}.`,
        href: "/wallet",
      };
    case "offer_accepted": {
      const who = facts.acceptedByName ?? facts.toName ?? "Someone";
      return { title: `${who} accepted ${coupon(facts)} you gave.`, href: "/wallet" };
    }
    case "offer_declined":
      return {
        title: `${facts.toName ?? "Someone"} declined ${coupon(facts)} you offered; it is back in your wallet.`,
        href: couponHref,
      };
    case "offer_expired":
      return {
        title: facts.toName
          ? `${facts.toName} did not accept ${coupon(facts)} in time; it is back in your wallet.`
          : `Nobody claimed ${coupon(facts)} in time; it is back in your wallet.`,
        href: couponHref,
      };
    case "issuance_approved":
      return {
        title: `Your request for ${money(facts.requestMinor, facts.requestCurrency)} was approved; the coupon is in your wallet.`,
        href: "/wallet",
      };
    case "issuance_rejected":
      return {
        title: `Your request for ${money(facts.requestMinor, facts.requestCurrency)} was turned down.${
          facts.requestReason ? ` The back office said: “${facts.requestReason}”` : ""
        }`,
        href: "/wallet",
      };
    case "statement_issued": {
      const amount = money(facts.statementMinor, facts.statementCurrency);
      const due = facts.statementDueAt ? `, due by ${formatDate(facts.statementDueAt)}` : "";
      return {
        title:
          facts.statementKind === "payout"
            ? `Your new statement is ready: Scrip pays you ${amount}.`
            : `Your new statement is ready: you owe Scrip ${amount}${due}.`,
        href: "/wallet/statements",
      };
    }
    case "payout_sent":
      return {
        title: `Scrip paid you ${money(facts.statementMinor, facts.statementCurrency)}.`,
        href: "/wallet/statements",
      };
    case "payment_requested":
      return {
        title: `${facts.fromName ?? "A shop"} asks you to pay ${money(facts.requestMinor, facts.requestCurrency)}.`,
        href: facts.paymentRequestId ? `/pay/${facts.paymentRequestId}` : "/wallet",
      };
    case "security": {
      const title =
        securityTitles[facts.securityKind ?? ""] ?? "Something changed in your account's security";
      return {
        title: `${title}${facts.securityDetail ? ` (${facts.securityDetail})` : ""}.`,
        href: "/wallet/settings/security",
      };
    }
    default: {
      const unknown: never = facts.kind;
      return unknown;
    }
  }
}
