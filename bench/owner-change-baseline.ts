import type postgres from "postgres";
import { newId } from "../lib/ids";

export interface BaselineCoupon {
  id: string;
  toPartyId: string;
}

const baselineTables = ["parties", "ledger_accounts", "coupons", "coupon_events", "postings"];

/**
 * The baseline writes to copies of the real tables in a `baseline` schema of the same database, so its rows
 * never touch Scrip's ledger. The copies keep everything that makes a write cost what it costs: columns,
 * defaults, checks, indexes, foreign keys (to the copies where they exist, else to the real tables) and the
 * same guard triggers. Only the transaction's own logic differs.
 */
export async function createBaselineSchema(sql: postgres.Sql): Promise<void> {
  await sql`create schema if not exists baseline`;
  for (const table of baselineTables) {
    await sql.unsafe(`create table if not exists baseline.${table} (like public.${table} including all)`);
  }
  const foreignKeys = await sql<{ table: string; name: string; definition: string }[]>`
    select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c where c.contype = 'f' and c.conrelid::regclass::text = any(${baselineTables})`;
  for (const key of foreignKeys) {
    const definition = key.definition.replace(
      /REFERENCES (?:public\.)?(\w+)\(/,
      (_match, target: string) =>
        `REFERENCES ${baselineTables.includes(target) ? "baseline" : "public"}.${target}(`,
    );
    await sql.unsafe(`alter table baseline.${key.table} add constraint ${key.name} ${definition}`);
  }
  const triggers = await sql<{ definition: string }[]>`
    select pg_get_triggerdef(t.oid) as definition from pg_trigger t
    where not t.tgisinternal and t.tgrelid::regclass::text = any(${baselineTables})`;
  for (const trigger of triggers) {
    await sql.unsafe(trigger.definition.replace(/ ON (?:public\.)?(\w+) /, " ON baseline.$1 "));
  }
}

/**
 * Prepares `count` offered coupons for the raw-SQL baseline, with the same shape as ours: a requester,
 * a recipient, an issued event, and ledger accounts for the funding posting.
 */
export async function prepareBaselineCoupons(
  sql: postgres.Sql,
  count: number,
  currency: string,
  partyCount = 96,
): Promise<BaselineCoupon[]> {
  // As many parties as our side uses (requester i, recipient i + 1), so row locks spread the same way.
  const partyIds = Array.from({ length: partyCount }, () => newId("party"));
  await sql`insert into baseline.parties ${sql(partyIds.map((id) => ({ id, kind: "user", display_name: "baseline" })))}`;
  await sql`insert into baseline.ledger_accounts ${sql(
    partyIds.map((id) => ({ id: newId("account"), kind: "party", party_id: id, currency })),
  )}`;
  await sql`insert into baseline.ledger_accounts (id, kind, party_id, currency)
    values (${newId("account")}, 'issuer_outstanding', null, ${currency}) on conflict do nothing`;
  const coupons = Array.from({ length: count }, (_, i) => ({
    id: newId("coupon"),
    fromPartyId: partyIds[i % partyCount] as string,
    toPartyId: partyIds[(i + 1) % partyCount] as string,
  }));
  for (let start = 0; start < coupons.length; start += 500) {
    const batch = coupons.slice(start, start + 500);
    await sql`insert into baseline.coupons ${sql(
      batch.map((c) => ({
        id: c.id,
        amount_minor: "1000",
        currency,
        requester_party_id: c.fromPartyId,
        owner_party_id: c.fromPartyId,
        version: 1,
        status: "offered",
        issued_at: new Date().toISOString(),
        expires_at: new Date(Date.now() + 86_400_000).toISOString(),
        value_kid: "baseline",
        value_signature: "baseline",
        owner_attestation: JSON.stringify({ kind: "baseline" }),
      })),
    )}`;
    await sql`insert into baseline.coupon_events ${sql(
      batch.map((c) => ({
        id: newId("couponEvent"),
        coupon_id: c.id,
        seq: 1,
        kind: "issued",
        version: 1,
        hash: "h1",
      })),
    )}`;
  }
  return coupons.map(({ id, toPartyId }) => ({ id, toPartyId }));
}

/**
 * The minimal owner-change transaction our acceptTransfer is measured against: lock the coupon, guarded
 * update of owner and version, one event and one funding posting.
 */
export async function baselineOwnerChange(sql: postgres.Sql, coupon: BaselineCoupon): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [row] = await tx<
      {
        version: number;
        requester_party_id: string;
        currency: string;
        amount_minor: string;
        funded: boolean;
      }[]
    >`select version, requester_party_id, currency, amount_minor, funded
      from baseline.coupons where id = ${coupon.id} for update`;
    if (!row) return false;
    const updated = await tx`
      update baseline.coupons set version = version + 1, status = 'active', funded = true,
        owner_party_id = case when owner_party_id = ${coupon.toPartyId} then requester_party_id else ${coupon.toPartyId} end
      where id = ${coupon.id} and version = ${row.version} and status = 'offered'`;
    if (updated.count !== 1) return false;
    await tx`insert into baseline.coupon_events (id, coupon_id, seq, kind, version, to_party_id, prev_hash, hash)
      values (${newId("couponEvent")}, ${coupon.id}, ${row.version + 1}, 'accepted', ${row.version + 1}, ${coupon.toPartyId}, 'h', 'h')`;
    // Like acceptTransfer, only a coupon's first transfer funds it.
    if (row.funded) return true;
    await tx`insert into baseline.postings (id, kind, debit_account_id, credit_account_id, amount_minor, currency, coupon_id)
      select ${newId("posting")}, 'funding', d.id, c.id, ${row.amount_minor}, ${row.currency}, ${coupon.id}
      from baseline.ledger_accounts d, baseline.ledger_accounts c
      where d.kind = 'party' and d.party_id = ${row.requester_party_id} and d.currency = ${row.currency}
        and c.kind = 'issuer_outstanding' and c.currency = ${row.currency}`;
    return true;
  });
}
