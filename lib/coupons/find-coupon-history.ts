import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow, queryRows } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { maxHistoryEvents, verifyCouponHistory } from "@/lib/events/verify-coupon-history";
import { isId } from "@/lib/ids";
import { type CouponSummary, couponSummaryRow, selectCouponSummary, toCouponSummary } from "./coupon-summary";

export interface HistoryEntry {
  seq: number;
  kind: string;
  at: Date;
  actorName: string | null;
  fromName: string | null;
  toName: string | null;
  version: number;
  reason: string | null;
  /** Whether re-verification found nothing wrong with this event (chain, hash, signatures, transition). */
  verified: boolean;
  problems: string[];
}

export interface CouponHistory {
  coupon: CouponSummary & { parentId: string | null; valueKid: string };
  events: HistoryEntry[];
  /** The whole history verifies: every event, the value signature, the end state and the owner part. */
  verified: boolean;
  /** Problems that belong to the coupon as a whole rather than to one event. */
  couponProblems: string[];
}

const historyCouponRow = { ...couponSummaryRow, parent_id: column.textOrNull, value_kid: column.text };
const historyEventRow = {
  seq: column.int,
  kind: column.text,
  created_at: column.date,
  actor_name: column.textOrNull,
  from_name: column.textOrNull,
  to_name: column.textOrNull,
  version: column.int,
  reason: column.textOrNull,
};

/** Which event a problem of `verifyCouponHistory` is about: `event N …`, the issue (1), or none. */
export function eventOfProblem(problem: string): number | null {
  const match = /^event (\d+)\b/.exec(problem);
  if (match) return Number(match[1]);
  if (/^the (first|requester's|split this coupon)/.test(problem)) return 1;
  return null;
}

/**
 * Admins only (`admin.read`): a coupon with its full event history, every event re-verified offline
 * (`verifyCouponHistory`: hash chain, value signature, each recorded passkey authorization, owner
 * attestations, transitions) and marked verified or not.
 */
export async function findCouponHistory(db: DbOrTx, actor: Actor, couponId: unknown): Promise<CouponHistory> {
  requirePermission(actor, "admin.read");
  if (!isId("coupon", couponId)) throw new AppError("NOT_FOUND", "No such coupon.");
  const row = await queryRow(
    db,
    historyCouponRow,
    sql`
    ${selectCouponSummary(sql`c.parent_id, c.value_kid`)}
    where c.id = ${couponId}`,
  );
  if (!row) throw new AppError("NOT_FOUND", "No such coupon.");
  const events = await queryRows(
    db,
    historyEventRow,
    sql`
    select e.seq, e.kind::text, e.created_at, a.display_name as actor_name, f.display_name as from_name,
      t.display_name as to_name, e.version, e.data->>'reason' as reason
    from coupon_events e left join parties a on a.id = e.actor_party_id
      left join parties f on f.id = e.from_party_id left join parties t on t.id = e.to_party_id
    where e.coupon_id = ${row.id} order by e.seq limit ${maxHistoryEvents}`,
  );
  const check = await verifyCouponHistory(db, row.id);
  const byEvent = new Map<number, string[]>();
  const couponProblems: string[] = [];
  for (const problem of check.problems) {
    const seq = eventOfProblem(problem);
    if (seq === null) couponProblems.push(problem);
    else byEvent.set(seq, [...(byEvent.get(seq) ?? []), problem]);
  }
  return {
    coupon: { ...toCouponSummary(row), parentId: row.parent_id, valueKid: row.value_kid },
    events: events.map((event) => {
      const problems = byEvent.get(event.seq) ?? [];
      return {
        seq: event.seq,
        kind: event.kind,
        at: event.created_at,
        actorName: event.actor_name,
        fromName: event.from_name,
        toName: event.to_name,
        version: event.version,
        reason: event.reason,
        verified: problems.length === 0,
        problems,
      };
    }),
    verified: check.ok,
    couponProblems,
  };
}
