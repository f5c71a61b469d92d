import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { pageSizeOf } from "@/lib/admin/page-cursor";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/** Longest text any audit filter accepts. */
export const auditFilterLengthMax = 100;

export interface AuditFilters {
  /** A handle (`@ann`), user id or party id of whoever acted. */
  actor?: string;
  /** An exact action (`coupon.revoked`) or a prefix ending in a dot (`party.`). */
  action?: string;
  /** The id of what was acted on (coupon, party, key, request…). */
  target?: string;
  /** Inclusive lower and exclusive upper bound on the time. */
  from?: Date;
  to?: Date;
}

export interface AuditEntry {
  id: string;
  at: Date;
  action: string;
  actorUserId: string | null;
  actorPartyId: string | null;
  actorHandle: string | null;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  ip: string | null;
  /** The event's extra data as compact JSON text (bounded). */
  data: string;
}

const dataTextMax = 2000;

function text(value: string | undefined, name: string): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (trimmed.length > auditFilterLengthMax) {
    throw new AppError(
      "VALIDATION_FAILED",
      `The ${name} filter has at most ${auditFilterLengthMax} characters.`,
    );
  }
  return trimmed;
}

function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const auditRow = {
  id: column.text,
  created_at: column.date,
  action: column.text,
  actor_user_id: column.textOrNull,
  actor_party_id: column.textOrNull,
  handle: column.textOrNull,
  target_type: column.textOrNull,
  target_id: column.textOrNull,
  reason: column.textOrNull,
  ip: column.textOrNull,
  data: column.text,
};

/**
 * Admins only (`audit.read`): the append-only audit log, newest first, filtered by actor, action (exact or
 * `prefix.`), target id and time range, in pages of at most 100 (cursor: the last id shown).
 */
export async function listAuditEvents(
  db: DbOrTx,
  actor: Actor,
  input: { filters?: AuditFilters; cursor?: string | null; limit?: number } = {},
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  requirePermission(actor, "audit.read");
  const filters = input.filters ?? {};
  const size = pageSizeOf(input.limit);
  if (input.cursor && !/^[1-9][0-9]{0,18}$/.test(input.cursor)) {
    throw new AppError("VALIDATION_FAILED", "This page link is not valid; start again.");
  }
  for (const bound of [filters.from, filters.to]) {
    if (bound && Number.isNaN(bound.getTime())) throw new AppError("VALIDATION_FAILED", "Bad date.");
  }
  const who = text(filters.actor, "actor")?.replace(/^@/, "");
  const action = text(filters.action, "action");
  const target = text(filters.target, "target");
  const conditions: SQL[] = [];
  if (who) {
    conditions.push(
      sql`(l.actor_user_id = ${who} or l.actor_party_id = ${who} or lower(u.handle) = lower(${who}))`,
    );
  }
  if (action) {
    conditions.push(
      action.endsWith(".") ? sql`l.action like ${likePrefix(action)}` : sql`l.action = ${action}`,
    );
  }
  if (target) conditions.push(sql`l.target_id = ${target}`);
  if (filters.from) conditions.push(sql`l.created_at >= ${filters.from.toISOString()}::timestamptz`);
  if (filters.to) conditions.push(sql`l.created_at < ${filters.to.toISOString()}::timestamptz`);
  if (input.cursor) conditions.push(sql`l.id < ${input.cursor}::bigint`);
  const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const rows = await queryRows(
    db,
    auditRow,
    sql`
    select l.id::text, l.created_at, l.action, l.actor_user_id, l.actor_party_id, u.handle, l.target_type,
      l.target_id, l.reason, l.ip, left(l.data::text, ${dataTextMax}) as data
    from audit_log l left join users u on u.id = l.actor_user_id
    ${where} order by l.id desc limit ${size + 1}`,
  );
  const page = rows.slice(0, size);
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.created_at,
      action: row.action,
      actorUserId: row.actor_user_id,
      actorPartyId: row.actor_party_id,
      actorHandle: row.handle,
      targetType: row.target_type,
      targetId: row.target_id,
      reason: row.reason,
      ip: row.ip,
      data: row.data,
    })),
    nextCursor: rows.length > size ? (page.at(-1)?.id ?? null) : null,
  };
}
