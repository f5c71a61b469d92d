import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { cursorKey, decodeCursor, encodeCursor, pageSizeOf } from "@/lib/admin/page-cursor";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/** Longest search text accepted (handles are 30, names 100). */
export const partySearchLengthMax = 100;

export interface PartySummary {
  partyId: string;
  kind: "user" | "shop";
  displayName: string;
  /** A person's handle, or a shop's slug. */
  handle: string | null;
  status: "active" | "suspended";
  isAdmin: boolean;
  createdAt: Date;
}

/** `%…%` ILIKE pattern of `text` with its wildcards escaped. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const partyRow = {
  id: column.text,
  kind: column.oneOf(["user", "shop"]),
  display_name: column.text,
  handle: column.textOrNull,
  slug: column.textOrNull,
  status: column.oneOf(["active", "suspended"]),
  is_admin: column.booleanOrNull,
  created_at: column.date,
  created_key: column.text,
};

/**
 * Admins only (`admin.read`): people and shops whose handle, slug, name or party id matches `query`
 * (case-insensitive; empty lists everyone), newest first, in keyset pages of at most 100.
 */
export async function searchParties(
  db: DbOrTx,
  actor: Actor,
  input: { query?: string; kind?: "user" | "shop" | null; cursor?: string | null; limit?: number },
): Promise<{ items: PartySummary[]; nextCursor: string | null }> {
  requirePermission(actor, "admin.read");
  const query = (input.query ?? "").trim().replace(/^@/, "");
  if (query.length > partySearchLengthMax) {
    throw new AppError("VALIDATION_FAILED", `Search for at most ${partySearchLengthMax} characters.`);
  }
  const size = pageSizeOf(input.limit);
  const after = decodeCursor(input.cursor);
  const pattern = containsPattern(query);
  const rows = await queryRows(
    db,
    partyRow,
    sql`
    select p.id, p.kind, p.display_name, u.handle, s.slug, p.status, u.is_admin, p.created_at,
      ${cursorKey(sql`p.created_at`)} as created_key
    from parties p left join users u on u.party_id = p.id left join shops s on s.party_id = p.id
    where true
      ${input.kind ? sql`and p.kind = ${input.kind}::party_kind` : sql``}
      ${
        query
          ? sql`and (p.id = ${query} or u.handle ilike ${pattern} or p.display_name ilike ${pattern}
              or s.slug ilike ${pattern} or s.name ilike ${pattern})`
          : sql``
      }
      ${after ? sql`and (p.created_at, p.id) < (${after.at}::timestamptz, ${after.id})` : sql``}
    order by p.created_at desc, p.id desc limit ${size + 1}`,
  );
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      partyId: row.id,
      kind: row.kind,
      displayName: row.display_name,
      handle: row.handle ?? row.slug,
      status: row.status,
      isAdmin: row.is_admin ?? false,
      createdAt: row.created_at,
    })),
    nextCursor: rows.length > size && last ? encodeCursor({ at: last.created_key, id: last.id }) : null,
  };
}
