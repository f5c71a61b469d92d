import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow, queryRows } from "@/db/rows";
import { cursorKey, decodeCursor, encodeCursor, pageSizeOf } from "@/lib/admin/page-cursor";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { loadIssuerKeys } from "@/lib/keys/load-issuer-keys";
import { compactTokenPrefix } from "./compact-token";
import { maxTokenLength, tokenPrefix } from "./coupon-payloads";
import { type CouponSummary, couponSummaryRow, selectCouponSummary, toCouponSummary } from "./coupon-summary";
import { type TokenStatus, verifyCouponToken } from "./verify-coupon-token";

export type { CouponSummary } from "./coupon-summary";

export type CouponSearch =
  | { by: "id" | "token"; query: string }
  | { by: "owner" | "requester"; query: string };

export interface CouponSearchResult {
  items: CouponSummary[];
  nextCursor: string | null;
  /** For a token search: what offline verification of the token said. */
  tokenStatus?: TokenStatus;
  /** For an owner/requester search: the party the handle or id named. */
  party?: { partyId: string; displayName: string };
}

const empty = (extra: Partial<CouponSearchResult> = {}): CouponSearchResult => ({
  items: [],
  nextCursor: null,
  ...extra,
});

const partyRow = { id: column.text, display_name: column.text };
const foundRow = { ...couponSummaryRow, issued_key: column.text };

/** The party a handle (`@ann`), shop slug or party id names, or null. */
async function resolveParty(db: DbOrTx, text: string) {
  const name = text.replace(/^@/, "");
  if (name.length > 100) return null;
  const row = await queryRow(
    db,
    partyRow,
    sql`
    select p.id, p.display_name from parties p
      left join users u on u.party_id = p.id left join shops s on s.party_id = p.id
    where p.id = ${name} or lower(u.handle) = lower(${name}) or lower(s.slug) = lower(${name})
    order by (p.id = ${name}) desc limit 1`,
  );
  return row ? { partyId: row.id, displayName: row.display_name } : null;
}

/**
 * Admins only (`admin.read`): finds coupons by id, by token (verified offline first: only a token whose
 * signatures verify leads to its coupon), or by owner / requester (handle, shop slug or party id), newest
 * first in keyset pages of at most 100.
 */
export async function findCoupons(
  db: DbOrTx,
  actor: Actor,
  input: CouponSearch & { cursor?: string | null; limit?: number },
): Promise<CouponSearchResult> {
  requirePermission(actor, "admin.read");
  const query = typeof input.query === "string" ? input.query.trim() : "";
  if (query.length === 0 || query.length > maxTokenLength) {
    throw new AppError("VALIDATION_FAILED", "Enter a coupon id, a token, a handle or a party id.");
  }
  const size = pageSizeOf(input.limit);
  const after = decodeCursor(input.cursor);
  let where: SQL;
  let extra: Partial<CouponSearchResult> = {};
  switch (input.by) {
    case "id":
      if (!isId("coupon", query)) return empty();
      where = sql`c.id = ${query}`;
      break;
    case "token": {
      if (!query.startsWith(`${tokenPrefix}.`) && !query.startsWith(compactTokenPrefix)) {
        throw new AppError("MALFORMED_TOKEN", "A coupon token starts with “scrip1.” or “SCRIP2.”.");
      }
      const verified = verifyCouponToken(query, { keys: await loadIssuerKeys(db) });
      if (!verified.coupon) return empty({ tokenStatus: verified.status });
      extra = { tokenStatus: verified.status };
      where = sql`c.id = ${verified.coupon.value.couponId}`;
      break;
    }
    case "owner":
    case "requester": {
      const party = await resolveParty(db, query);
      if (!party) return empty();
      extra = { party };
      where =
        input.by === "owner"
          ? sql`c.owner_party_id = ${party.partyId}`
          : sql`c.requester_party_id = ${party.partyId}`;
      break;
    }
    default: {
      const unreachable: never = input;
      throw new AppError("VALIDATION_FAILED", `Unknown search ${JSON.stringify(unreachable)}.`);
    }
  }
  const rows = await queryRows(
    db,
    foundRow,
    sql`
    ${selectCouponSummary(sql`${cursorKey(sql`c.issued_at`)} as issued_key`)}
    where ${where} ${after ? sql`and (c.issued_at, c.id) < (${after.at}::timestamptz, ${after.id})` : sql``}
    order by c.issued_at desc, c.id desc limit ${size + 1}`,
  );
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return {
    ...extra,
    items: page.map(toCouponSummary),
    nextCursor: rows.length > size && last ? encodeCursor({ at: last.issued_key, id: last.id }) : null,
  };
}
