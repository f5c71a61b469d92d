import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { couponValueRow } from "@/lib/coupons/coupon-summary";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { type CreditLeft, getCreditLeft } from "@/lib/wallet/get-credit-left";
import {
  listPartyPostings,
  listStatements,
  type PostingLine,
  type StatementLine,
} from "@/lib/wallet/list-statements";

/** Most held coupons one party page lists. */
export const partyHoldingsMax = 100;

export interface PartyHolding {
  couponId: string;
  amountMinor: bigint;
  currency: string;
  status: string;
  funded: boolean;
  expiresAt: Date;
}

export interface PartyDetail {
  partyId: string;
  kind: "user" | "shop";
  displayName: string;
  status: "active" | "suspended";
  createdAt: Date;
  /** Limits an admin set for this party, per currency; every other currency has its default. */
  ownCreditLimits: { currency: string; limitMinor: bigint }[];
  user: { userId: string; handle: string; isAdmin: boolean; activeSessions: number } | null;
  shop: { shopId: string; slug: string; name: string; currency: string; members: number } | null;
  holdings: PartyHolding[];
  holdingTotals: { currency: string; amountMinor: bigint; count: number }[];
  credit: CreditLeft[];
  postings: PostingLine[];
  statements: StatementLine[];
}

const partyRow = {
  id: column.text,
  kind: column.oneOf(["user", "shop"]),
  display_name: column.text,
  status: column.oneOf(["active", "suspended"]),
  created_at: column.date,
  user_id: column.textOrNull,
  handle: column.textOrNull,
  is_admin: column.booleanOrNull,
  active_sessions: column.intOrNull,
  shop_id: column.textOrNull,
  slug: column.textOrNull,
  shop_name: column.textOrNull,
  shop_currency: column.textOrNull,
  members: column.intOrNull,
};
const totalRow = { currency: column.text, total: column.bigint, n: column.int };
const limitRow = { currency: column.text, limit_minor: column.bigint };

/**
 * Admins only (`admin.read`): one person or shop as the back office sees it — status, credit limit and what
 * is left of it, live holdings, postings and statements (each list bounded).
 */
export async function getPartyDetail(db: DbOrTx, actor: Actor, partyId: unknown): Promise<PartyDetail> {
  requirePermission(actor, "admin.read");
  if (!isId("party", partyId)) throw new AppError("NOT_FOUND", "No such party.");
  const row = await queryRow(
    db,
    partyRow,
    sql`
    select p.id, p.kind, p.display_name, p.status, p.created_at,
      u.id as user_id, u.handle, u.is_admin,
      (select count(*)::int from sessions x where x.user_id = u.id and x.revoked_at is null
         and x.sign_in_proof_hash is null and x.expires_at > now()) as active_sessions,
      s.id as shop_id, s.slug, s.name as shop_name, s.currency as shop_currency,
      (select count(*)::int from shop_members m where m.shop_id = s.id) as members
    from parties p left join users u on u.party_id = p.id left join shops s on s.party_id = p.id
    where p.id = ${partyId}`,
  );
  if (!row) throw new AppError("NOT_FOUND", "No such party.");
  const holdings = await queryRows(
    db,
    couponValueRow,
    sql`
    select id, amount_minor::text, currency, status::text, funded, expires_at from coupons
    where owner_party_id = ${row.id} and status in ('active', 'offered')
    order by issued_at desc, id limit ${partyHoldingsMax}`,
  );
  const totals = await queryRows(
    db,
    totalRow,
    sql`
    select currency, sum(amount_minor)::text as total, count(*)::int as n from coupons
    where owner_party_id = ${row.id} and status in ('active', 'offered') group by currency order by currency`,
  );
  return {
    partyId: row.id,
    kind: row.kind,
    displayName: row.display_name,
    status: row.status,
    createdAt: row.created_at,
    ownCreditLimits: (
      await queryRows(
        db,
        limitRow,
        sql`
        select currency, limit_minor::text from party_credit_limits where party_id = ${row.id} order by currency`,
      )
    ).map((limit) => ({ currency: limit.currency, limitMinor: limit.limit_minor })),
    user: row.user_id
      ? {
          userId: row.user_id,
          handle: row.handle ?? "",
          isAdmin: row.is_admin ?? false,
          activeSessions: row.active_sessions ?? 0,
        }
      : null,
    shop: row.shop_id
      ? {
          shopId: row.shop_id,
          slug: row.slug ?? "",
          name: row.shop_name ?? "",
          currency: row.shop_currency ?? "",
          members: row.members ?? 0,
        }
      : null,
    holdings: holdings.map((h) => ({
      couponId: h.id,
      amountMinor: h.amount_minor,
      currency: h.currency,
      status: h.status,
      funded: h.funded,
      expiresAt: h.expires_at,
    })),
    holdingTotals: totals.map((t) => ({ currency: t.currency, amountMinor: t.total, count: t.n })),
    credit: await getCreditLeft(db, actor, { partyId: row.id }),
    postings: await listPartyPostings(db, row.id),
    statements: await listStatements(db, row.id),
  };
}
