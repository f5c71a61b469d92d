import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { cursorKey, decodeCursor, encodeCursor, pageSizeOf } from "./page-cursor";

/** What the requester has done before, so the admin decides with context. */
export interface RequesterHistory {
  requested: number;
  issued: number;
  rejected: number;
  awaiting: number;
  /** Value of coupons they requested that are still unfunded and live, per currency. */
  unfunded: { currency: string; amountMinor: bigint }[];
  /** Value they have been charged (funding postings), per currency. */
  funded: { currency: string; amountMinor: bigint }[];
  /** Their latest decided requests, newest first. */
  recent: { requestId: string; status: string; amountMinor: bigint; currency: string; at: Date }[];
}

export interface ApprovalItem {
  requestId: string;
  amountMinor: bigint;
  currency: string;
  expiresInDays: number;
  createdAt: Date;
  requester: {
    partyId: string;
    handle: string | null;
    displayName: string;
    status: string;
    /** The requester's own limit in the request's currency; null: that currency's default. */
    creditLimitMinor: bigint | null;
  };
  history: RequesterHistory;
}

const recentDecisionsMax = 5;

const countRow = { party_id: column.text, status: column.text, n: column.int };
const totalRow = { party_id: column.text, currency: column.text, total: column.bigint };
const recentRow = {
  party_id: column.text,
  id: column.text,
  status: column.text,
  amount_minor: column.bigint,
  currency: column.text,
  decided_at: column.date,
};
const approvalRow = {
  id: column.text,
  amount_minor: column.bigint,
  currency: column.text,
  expires_in_days: column.int,
  created_at: column.date,
  created_key: column.text,
  party_id: column.text,
  handle: column.textOrNull,
  display_name: column.text,
  party_status: column.text,
  credit_limit_minor: column.bigintOrNull,
};

async function historyOf(db: DbOrTx, partyIds: string[]): Promise<Map<string, RequesterHistory>> {
  const history = new Map<string, RequesterHistory>();
  for (const id of partyIds) {
    history.set(id, {
      requested: 0,
      issued: 0,
      rejected: 0,
      awaiting: 0,
      unfunded: [],
      funded: [],
      recent: [],
    });
  }
  if (partyIds.length === 0) return history;
  const ids = sql.join(
    partyIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const counts = await queryRows(
    db,
    countRow,
    sql`
    select party_id, status::text, count(*)::int as n from issuance_requests
    where party_id in (${ids}) group by party_id, status`,
  );
  for (const row of counts) {
    const entry = history.get(row.party_id);
    if (!entry) continue;
    entry.requested += row.n;
    if (row.status === "issued") entry.issued += row.n;
    if (row.status === "rejected") entry.rejected += row.n;
    if (row.status === "awaiting_approval") entry.awaiting += row.n;
  }
  const totals = {
    unfunded: sql`
    select requester_party_id as party_id, currency, sum(amount_minor)::text as total from coupons
    where requester_party_id in (${ids}) and not funded and status in ('active', 'offered')
    group by requester_party_id, currency order by currency`,
    funded: sql`
    select a.party_id, p.currency, sum(p.amount_minor)::text as total
    from postings p join ledger_accounts a on a.id = p.debit_account_id
    where a.kind = 'party' and a.party_id in (${ids}) and p.kind = 'funding'
    group by a.party_id, p.currency order by p.currency`,
  };
  for (const part of ["unfunded", "funded"] as const) {
    for (const row of await queryRows(db, totalRow, totals[part])) {
      history.get(row.party_id)?.[part].push({ currency: row.currency, amountMinor: row.total });
    }
  }
  const recent = await queryRows(
    db,
    recentRow,
    sql`
    select party_id, id, status::text, amount_minor::text, currency, decided_at from (
      select *, row_number() over (partition by party_id order by decided_at desc, id) as position
      from issuance_requests where party_id in (${ids}) and decided_at is not null) ranked
    where position <= ${recentDecisionsMax} order by decided_at desc, id`,
  );
  for (const row of recent) {
    history.get(row.party_id)?.recent.push({
      requestId: row.id,
      status: row.status,
      amountMinor: row.amount_minor,
      currency: row.currency,
      at: row.decided_at,
    });
  }
  return history;
}

/**
 * Admins only (`issuance.approve`): the queue of issuance requests awaiting approval, oldest first (keyset
 * pages of at most 100), each with its requester's history.
 */
export async function listIssuanceApprovals(
  db: DbOrTx,
  actor: Actor,
  input: { cursor?: string | null; limit?: number } = {},
): Promise<{ items: ApprovalItem[]; nextCursor: string | null }> {
  requirePermission(actor, "issuance.approve");
  const size = pageSizeOf(input.limit);
  const after = decodeCursor(input.cursor);
  const rows = await queryRows(
    db,
    approvalRow,
    sql`
    select r.id, r.amount_minor::text, r.currency, r.expires_in_days, r.created_at,
      ${cursorKey(sql`r.created_at`)} as created_key, r.party_id, u.handle,
      p.display_name, p.status::text as party_status,
      (select l.limit_minor::text from party_credit_limits l
        where l.party_id = r.party_id and l.currency = r.currency) as credit_limit_minor
    from issuance_requests r join parties p on p.id = r.party_id left join users u on u.party_id = p.id
    where r.status = 'awaiting_approval'
      ${after ? sql`and (r.created_at, r.id) > (${after.at}::timestamptz, ${after.id})` : sql``}
    order by r.created_at, r.id limit ${size + 1}`,
  );
  const page = rows.slice(0, size);
  const history = await historyOf(db, [...new Set(page.map((row) => row.party_id))]);
  const items = page.map((row) => ({
    requestId: row.id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    expiresInDays: row.expires_in_days,
    createdAt: row.created_at,
    requester: {
      partyId: row.party_id,
      handle: row.handle,
      displayName: row.display_name,
      status: row.party_status,
      creditLimitMinor: row.credit_limit_minor,
    },
    history: history.get(row.party_id) as RequesterHistory,
  }));
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > size && last ? encodeCursor({ at: last.created_key, id: last.id }) : null,
  };
}
