import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { newId } from "@/lib/ids";

/**
 * Creates, if missing, the issuer's two accounts for `currency` and each party's account in it. Race-safe
 * (INSERT … ON CONFLICT DO NOTHING on the unique indexes); rows are inserted in one fixed order so concurrent
 * callers cannot deadlock. Called before the hot paths need the accounts, so they only ever read them.
 */
export async function ensureLedgerAccounts(db: DbOrTx, currency: string, partyIds: string[]): Promise<void> {
  const rows = [
    sql`(${newId("account")}, 'issuer_outstanding'::account_kind, null, ${currency})`,
    sql`(${newId("account")}, 'issuer_settlement'::account_kind, null, ${currency})`,
    ...[...new Set(partyIds)]
      .sort()
      .map((partyId) => sql`(${newId("account")}, 'party'::account_kind, ${partyId}, ${currency})`),
  ];
  await db.execute(sql`insert into ledger_accounts (id, kind, party_id, currency)
    values ${sql.join(rows, sql`, `)} on conflict do nothing`);
}
