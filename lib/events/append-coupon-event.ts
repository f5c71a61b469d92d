import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import { newId } from "@/lib/ids";
import { type CouponEventInput, eventBody } from "./event-hash";

/**
 * The INSERT that appends `event` to its coupon's hash chain, computing seq, prevHash and hash in the same
 * statement from the latest event. Usable alone or as a data-modifying CTE; `onlyIf` makes the append
 * conditional (e.g. on a guarded UPDATE in an earlier CTE having matched). Callers hold the coupon's row lock,
 * so no other event can be appended to this coupon concurrently.
 */
export function couponEventInsert(event: CouponEventInput, options: { onlyIf?: SQL } = {}): SQL {
  const body = eventBody(event);
  const condition = options.onlyIf ? sql`where ${options.onlyIf}` : sql``;
  return sql`insert into coupon_events (id, coupon_id, seq, kind, actor_party_id, actor_user_id, from_party_id,
      to_party_id, version, transfer_id, data, prev_hash, hash, created_at)
    select ${newId("couponEvent")}, ${event.couponId}, coalesce(l.seq, 0) + 1, ${event.kind}::coupon_event_kind,
      ${event.actorPartyId}, ${event.actorUserId}, ${event.fromPartyId}, ${event.toPartyId}, ${event.version}::int,
      ${event.transferId}, ${JSON.stringify(event.data)}::jsonb, l.hash,
      encode(sha256(convert_to(coalesce(l.hash, '') || '|' || (coalesce(l.seq, 0) + 1)::text || '|' || ${body}::text, 'UTF8')), 'hex'),
      ${event.at.toISOString()}::timestamptz
    from (select 1) as one
    left join lateral (
      select seq, hash from coupon_events where coupon_id = ${event.couponId} order by seq desc limit 1
    ) as l on true
    ${condition}
    returning seq, hash`;
}

const appendedRow = { seq: column.int, hash: column.text };

/** Appends one event to a coupon's history inside the caller's transaction (which holds the coupon lock). */
export async function appendCouponEvent(tx: DbOrTx, event: CouponEventInput): Promise<{ seq: number }> {
  const row = await queryRow(tx, appendedRow, couponEventInsert(event));
  if (!row) throw new Error(`coupon event for ${event.couponId} was not appended`);
  return { seq: row.seq };
}

/** Parameter placeholders (`$n`, or SQL) for `couponEventAppendText`, one per value the append writes. */
export interface CouponEventSlots {
  id: string;
  couponId: string;
  kind: string;
  actorPartyId: string;
  actorUserId: string;
  fromPartyId: string;
  toPartyId: string;
  version: string;
  transferId: string;
  /** The event's canonical body (`eventBody`), as text: hashed, and its `data` member is the stored data. */
  body: string;
  /** SQL for the stored data when the statement already parsed the body; by default its `data` member. */
  data?: string;
  at: string;
}

/**
 * The append of `couponEventInsert` as SQL text over placeholders, for prepared statements: the same seq, prevHash
 * and hash, with `data` read from the body's `data` member (the body holds the event's data in canonical form),
 * so a recorded assertion is sent to the database once. `onlyIf` makes it conditional, as there.
 */
export function couponEventAppendText(slots: CouponEventSlots, onlyIf?: string): string {
  const body = `${slots.body}::text`;
  return `insert into coupon_events (id, coupon_id, seq, kind, actor_party_id, actor_user_id, from_party_id,
      to_party_id, version, transfer_id, data, prev_hash, hash, created_at)
    select ${slots.id}, ${slots.couponId}, coalesce(l.seq, 0) + 1, ${slots.kind}::coupon_event_kind,
      ${slots.actorPartyId}, ${slots.actorUserId}, ${slots.fromPartyId}, ${slots.toPartyId}, ${slots.version}::int,
      ${slots.transferId}, ${slots.data ?? `(${body})::jsonb -> 'data'`}, l.hash,
      encode(sha256(convert_to(coalesce(l.hash, '') || '|' || (coalesce(l.seq, 0) + 1)::text || '|' || ${body}, 'UTF8')), 'hex'),
      ${slots.at}::timestamptz
    from (select 1) as one
    left join lateral (
      select seq, hash from coupon_events where coupon_id = ${slots.couponId} order by seq desc limit 1
    ) as l on true
    ${onlyIf ? `where ${onlyIf}` : ""}
    returning seq, hash`;
}
