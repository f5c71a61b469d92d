import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { couponEvents } from "@/db/schema";
import { eventBody, eventHash, type JsonObject } from "@/lib/events/event-hash";
import { ledgerChecks } from "./ledger-checks";

export interface LedgerViolation {
  /** The DESIGN.md invariant (1–6) that does not hold. */
  invariant: number;
  message: string;
  /** Up to `maxRowsPerViolation` offending rows. */
  rows: Record<string, unknown>[];
}

export const maxRowsPerViolation = 20;
const eventPageSize = 2000;

/** Recomputes every event hash (invariant 6), page by page so memory stays bounded on a large ledger. */
async function checkEventHashes(db: DbOrTx): Promise<LedgerViolation | null> {
  const bad: Record<string, unknown>[] = [];
  let after: SQL = sql`true`;
  for (;;) {
    const page = await db
      .select()
      .from(couponEvents)
      .where(after)
      .orderBy(couponEvents.couponId, couponEvents.seq)
      .limit(eventPageSize);
    for (const row of page) {
      const body = eventBody({ ...row, data: row.data as JsonObject, at: row.createdAt });
      if (eventHash(row.prevHash, row.seq, body) !== row.hash && bad.length < maxRowsPerViolation) {
        bad.push({ coupon_id: row.couponId, seq: row.seq, kind: row.kind });
      }
    }
    const last = page.at(-1);
    if (!last || page.length < eventPageSize) break;
    after = sql`(${couponEvents.couponId}, ${couponEvents.seq}) > (${last.couponId}, ${last.seq})`;
  }
  return bad.length > 0
    ? { invariant: 6, message: "coupon event hash does not match its contents", rows: bad }
    : null;
}

/**
 * Verifies every invariant of DESIGN.md (1–6) against the whole database and returns each violation with the
 * rows involved; an empty list means the ledger is consistent. Run in one repeatable-read snapshot so
 * concurrent activity cannot produce false alarms.
 */
export async function checkLedger(db: DbOrTx): Promise<LedgerViolation[]> {
  return db.transaction(
    async (tx) => {
      const violations: LedgerViolation[] = [];
      for (const check of ledgerChecks) {
        const rows = await tx.execute<Record<string, unknown>>(
          sql`select * from (${check.query}) as violation limit ${maxRowsPerViolation}`,
        );
        if (rows.length > 0) {
          violations.push({ invariant: check.invariant, message: check.message, rows: [...rows] });
        }
      }
      const hashes = await checkEventHashes(tx);
      if (hashes) violations.push(hashes);
      return violations;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
