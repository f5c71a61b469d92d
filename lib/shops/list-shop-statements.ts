import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { listJoinedPage, pickColumns } from "@/db/list-page";
import { column, queryRow } from "@/db/rows";
import { chargingRuns, statements } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { MemberShop } from "./get-member-shop";

const balanceRow = { balance: column.bigint };

/**
 * The shop's statements from charging runs (payouts when Scrip owes the shop, invoices when it owes Scrip), and
 * its ledger balance now: negative means Scrip owes the shop (converted value not yet paid out).
 */
export async function listShopStatements(db: DbOrTx, actor: Actor, shop: MemberShop) {
  requirePermission(actor, "shop.read", { shopId: shop.shopId });
  const rows = await listJoinedPage(
    db,
    {
      ...pickColumns(statements, [
        "id",
        "kind",
        "amountMinor",
        "currency",
        "status",
        "settledAt",
        "dueAt",
        "creditorReference",
      ]),
      ...pickColumns(chargingRuns, ["periodStart", "periodEnd"]),
    },
    {
      from: statements,
      join: chargingRuns,
      on: eq(chargingRuns.id, statements.runId),
      where: eq(statements.partyId, shop.partyId),
      orderBy: [desc(chargingRuns.periodEnd)],
      limit: 100,
    },
  );
  const balance = await queryRow(
    db,
    balanceRow,
    sql`
    select coalesce(sum(case when p.debit_account_id = a.id then p.amount_minor else -p.amount_minor end), 0)::text as balance
    from ledger_accounts a join postings p on p.debit_account_id = a.id or p.credit_account_id = a.id
    where a.kind = 'party' and a.party_id = ${shop.partyId} and a.currency = ${shop.currency}`,
  );
  return { statements: rows, balanceMinor: balance?.balance ?? 0n };
}
