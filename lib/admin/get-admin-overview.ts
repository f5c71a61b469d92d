import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";

export interface AdminOverview {
  awaitingApprovals: number;
  suspendedParties: number;
  activeKeys: number;
  retiredKeys: number;
  auditEventsToday: number;
}

const overviewRow = {
  awaiting: column.int,
  suspended: column.int,
  active_keys: column.int,
  retired_keys: column.int,
  audit_today: column.int,
};

/** Admins only (`admin.read`): the counts the back office's first page shows. */
export async function getAdminOverview(db: DbOrTx, actor: Actor): Promise<AdminOverview> {
  requirePermission(actor, "admin.read");
  const row = await queryRow(
    db,
    overviewRow,
    sql`select
    (select count(*)::int from issuance_requests where status = 'awaiting_approval') as awaiting,
    (select count(*)::int from parties where status = 'suspended') as suspended,
    (select count(*)::int from issuer_keys where status = 'active') as active_keys,
    (select count(*)::int from issuer_keys where status = 'retired') as retired_keys,
    (select count(*)::int from audit_log where created_at >= now() - interval '1 day') as audit_today`,
  );
  return {
    awaitingApprovals: row?.awaiting ?? 0,
    suspendedParties: row?.suspended ?? 0,
    activeKeys: row?.active_keys ?? 0,
    retiredKeys: row?.retired_keys ?? 0,
    auditEventsToday: row?.audit_today ?? 0,
  };
}
