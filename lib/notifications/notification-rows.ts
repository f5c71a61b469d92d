import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import {
  describeNotification,
  type NotificationFacts,
  type NotificationWords,
} from "./describe-notification";
import { type NotificationKind, notificationKinds } from "./notification-kinds";

/** One notification as people see it: words composed from its kind and the row it refers to, never ids. */
export interface NotificationView extends NotificationWords {
  id: string;
  kind: NotificationKind;
  createdAt: Date;
  readAt: Date | null;
}

const shape = {
  id: column.text,
  party_id: column.text,
  kind: z.enum(notificationKinds),
  created_at: column.date,
  read_at: column.date.nullable(),
  coupon_minor: column.bigint.nullable(),
  coupon_currency: column.textOrNull,
  coupon_id: column.textOrNull,
  in_gift: column.boolean,
  from_name: column.textOrNull,
  to_name: column.textOrNull,
  accepted_by_name: column.textOrNull,
  request_minor: column.bigint.nullable(),
  request_currency: column.textOrNull,
  request_reason: column.textOrNull,
  statement_kind: column.textOrNull,
  statement_minor: column.bigint.nullable(),
  statement_currency: column.textOrNull,
  statement_due_at: column.date.nullable(),
  security_kind: column.textOrNull,
  security_detail: column.textOrNull,
  payment_request_id: column.textOrNull,
};

export type NotificationRow = NotificationView & { partyId: string };

/**
 * Notifications matching `where` (a condition on `n`, the notifications table), newest first, at most `limit`,
 * each joined to the row it refers to by kind: the transfer (with its coupon and parties; for a gift of several
 * coupons the gift's whole amount), the issuance request,
 * the statement, the payment request (with its shop) or the security event.
 */
export async function selectNotifications(db: DbOrTx, where: SQL, limit: number): Promise<NotificationRow[]> {
  const rows = await queryRows(
    db,
    shape,
    sql`select n.id::text as id, n.party_id, n.kind::text as kind, n.created_at, n.read_at,
        coalesce(g.amount_minor, c.amount_minor) as coupon_minor, c.currency as coupon_currency, c.id as coupon_id, g.id is not null as in_gift,
        coalesce(fp.display_name, ps.name) as from_name, tp.display_name as to_name, ap.display_name as accepted_by_name,
        coalesce(ir.amount_minor, pr.amount_minor) as request_minor, coalesce(ir.currency, pr.currency) as request_currency,
        pr.id as payment_request_id, ir.reason as request_reason,
        s.kind::text as statement_kind, s.amount_minor as statement_minor, s.currency as statement_currency,
        s.due_at as statement_due_at,
        se.kind::text as security_kind, se.detail as security_detail
      from notifications n
      left join transfers t on n.kind in ('offer_received', 'offer_accepted', 'offer_declined', 'offer_expired',
        'refund_offered') and t.id = n.ref
      left join coupons c on c.id = t.coupon_id
      left join transfer_groups g on g.id = t.group_id
      left join parties fp on fp.id = t.from_party_id
      left join parties tp on tp.id = t.to_party_id
      left join parties ap on ap.id = t.accepted_by_party_id
      left join issuance_requests ir on n.kind in ('issuance_approved', 'issuance_rejected') and ir.id = n.ref
      left join statements s on n.kind in ('statement_issued', 'payout_sent') and s.id = n.ref
      left join payment_requests pr on n.kind = 'payment_requested' and pr.id = n.ref
      left join shops ps on ps.id = pr.shop_id
      left join security_events se
        on se.id = (case when n.kind = 'security' and n.ref ~ '^[0-9]{1,18}$' then n.ref::bigint end)
      where ${where}
      order by n.id desc
      limit ${limit}`,
  );
  return rows.map((row) => {
    const facts: NotificationFacts = {
      kind: row.kind,
      couponMinor: row.coupon_minor,
      couponCurrency: row.coupon_currency,
      couponId: row.coupon_id,
      inGift: row.in_gift,
      fromName: row.from_name,
      toName: row.to_name,
      acceptedByName: row.accepted_by_name,
      requestMinor: row.request_minor,
      requestCurrency: row.request_currency,
      requestReason: row.request_reason,
      statementKind: row.statement_kind === "payout" ? "payout" : row.statement_kind ? "invoice" : null,
      statementMinor: row.statement_minor,
      statementCurrency: row.statement_currency,
      statementDueAt: row.statement_due_at,
      securityKind: row.security_kind,
      paymentRequestId: row.payment_request_id,
      securityDetail: row.security_detail,
    };
    return {
      id: row.id,
      partyId: row.party_id,
      kind: row.kind,
      createdAt: row.created_at,
      readAt: row.read_at,
      ...describeNotification(facts),
    };
  });
}
