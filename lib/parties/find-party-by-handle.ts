import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { handleSchema } from "@/lib/users/handle";

const partyRow = { party_id: column.text, handle: column.text, status: column.text };

/** Admins only (`admin.read`): the wallet party of the account with this handle, suspended or not. */
export async function findPartyByHandle(
  db: DbOrTx,
  actor: Actor,
  rawHandle: unknown,
): Promise<{ partyId: string; handle: string; status: string }> {
  requirePermission(actor, "admin.read");
  const parsed = handleSchema.safeParse(typeof rawHandle === "string" ? rawHandle.replace(/^@/, "") : "");
  if (!parsed.success)
    throw new AppError("VALIDATION_FAILED", "A handle is 3–30 letters, digits or underscores.");
  const row = await queryRow(
    db,
    partyRow,
    sql`
    select u.party_id, u.handle, p.status::text from users u join parties p on p.id = u.party_id
    where lower(u.handle) = lower(${parsed.data}) limit 1`,
  );
  if (!row) throw new AppError("NOT_FOUND", `There is no account @${parsed.data}.`);
  return { partyId: row.party_id, handle: row.handle, status: row.status };
}
