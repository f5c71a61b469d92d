/**
 * Where a campaign slice's time goes (for bench/README.md, not part of `npm run bench`): on a fresh bench database,
 * issues a few 5,000-coupon claim-code slices with the fast engine, timing the preparation (ids, signatures, hashes)
 * and each step of the transaction; then COPYs the same rows into copies of the tables without and with the real
 * tables' foreign keys and triggers, per table; and times Ed25519 signing alone, inline and on the signer threads.
 * Usage: node --conditions=react-server --import tsx bench/campaign-profile.ts [slices]
 */
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";
import { closeSignerPool, signBatch } from "../lib/campaigns/campaign-signer-pool";
import {
  copyInto,
  couponCopyColumns,
  eventCopyColumns,
  issueCampaignSliceWith,
  prepareCampaignSlice,
  readCampaignForIssue,
  transferCopyColumns,
} from "../lib/campaigns/issue-campaign-slice-fast";
import { newId } from "../lib/ids";
import { getSigningKey } from "../lib/keys/get-signing-key";
import { insertRunningCampaign } from "../tests/support/campaign-fixtures";
import { openBenchDatabase } from "./database";

const slices = Number(process.argv[2] ?? 4);
const size = 5000;
const tables = [
  ["coupons", couponCopyColumns],
  ["transfers", transferCopyColumns],
  ["coupon_events", eventCopyColumns],
] as const;

async function copyOut(client: postgres.Sql, query: string): Promise<string[]> {
  const chunks: string[] = [];
  const readable = await client.unsafe(`copy (${query}) to stdout`).readable();
  await pipeline(
    readable,
    new Writable({
      write(chunk: Buffer, _e, cb) {
        chunks.push(chunk.toString());
        cb();
      },
    }),
  );
  return chunks;
}

async function main() {
  process.env.SCRIP_KEY_ENCRYPTION_KEY ??= randomBytes(32).toString("base64url");
  const bench = await openBenchDatabase(4);
  try {
    const sponsor = newId("party");
    await bench.sql`insert into parties (id, kind, display_name) values (${sponsor}, 'shop', 'profile')`;
    const { campaignId } = await insertRunningCampaign(bench.db, {
      sponsorPartyId: sponsor,
      kind: "claim_codes",
      couponCount: size * slices,
      amountMinor: 500n,
    });
    const terms = await readCampaignForIssue(bench.db, campaignId);
    if (!terms) throw new Error("no campaign");
    // Preparation alone (nothing written), then whole slices with their steps timed.
    let t = performance.now();
    await prepareCampaignSlice(bench.db, terms, 0, size);
    console.log(`prepare one slice of ${size} (signer threads): ${(performance.now() - t).toFixed(0)} ms`);
    for (let s = 0; s < slices; s++) {
      const steps: string[] = [];
      const began = performance.now();
      let last = began;
      await issueCampaignSliceWith(
        bench.db,
        { campaignId, fromIndex: s * size, toIndex: (s + 1) * size },
        {
          prepareAhead: false,
          afterStep: async (step) => {
            const now = performance.now();
            steps.push(`${step} ${(now - last).toFixed(0)}`);
            last = now;
          },
        },
      );
      console.log(
        `slice ${s}: total ${(performance.now() - began).toFixed(0)} ms; until guard = read + prepare + update; ${steps.join(", ")}; commit ${(performance.now() - last).toFixed(0)}`,
      );
    }
    // The same rows into copies of the tables: bare (a raw COPY), with the real foreign keys only, with the real
    // triggers only, with both (what the engine writes into), and with both but the two live-event row triggers
    // replaced by statement-level ones over the inserted rows (a proposal: same live_events rows, one NOTIFY).
    const variants = {
      prof_plain: { fks: false, triggers: "none" },
      prof_fk: { fks: true, triggers: "none" },
      prof_trig: { fks: false, triggers: "row" },
      prof_full: { fks: true, triggers: "row" },
      prof_stmt: { fks: true, triggers: "statement" },
    } as const;
    await bench.sql.unsafe(`
      create function prof_live_coupons_inserted() returns trigger language plpgsql as $$
      declare v_from bigint; v_to bigint;
      begin
        with written as (insert into live_events (audience, topic, ref)
          select distinct a, 'coupon', n.id from new_rows n, unnest(array[n.owner_party_id, n.requester_party_id]) a
          where a is not null returning id)
        select min(id), max(id) into v_from, v_to from written;
        if v_from is not null then
          perform pg_notify('scrip_live', json_build_object('from', v_from::text, 'to', v_to::text)::text);
        end if;
        return null;
      end $$;
      create function prof_live_transfers_inserted() returns trigger language plpgsql as $$
      declare v_from bigint; v_to bigint;
      begin
        with written as (insert into live_events (audience, topic, ref)
          select distinct a, 'transfer', n.id from new_rows n, unnest(array[n.from_party_id, n.to_party_id, n.accepted_by_party_id]) a
          where a is not null returning id)
        select min(id), max(id) into v_from, v_to from written;
        if v_from is not null then
          perform pg_notify('scrip_live', json_build_object('from', v_from::text, 'to', v_to::text)::text);
        end if;
        return null;
      end $$;`);
    const keys = await bench.sql<{ table: string; name: string; definition: string }[]>`
      select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c where c.contype = 'f' and c.conrelid::regclass::text = any(${tables.map(([n]) => n)})`;
    const triggers = await bench.sql<{ name: string; definition: string }[]>`
      select t.tgname as name, pg_get_triggerdef(t.oid) as definition from pg_trigger t
      where not t.tgisinternal and t.tgrelid::regclass::text = any(${tables.map(([n]) => n)})`;
    for (const [schema, variant] of Object.entries(variants)) {
      await bench.sql.unsafe(`create schema ${schema}`);
      for (const [table] of tables)
        await bench.sql.unsafe(`create table ${schema}.${table} (like public.${table} including all)`);
      if (variant.fks) {
        for (const key of keys) {
          const definition = key.definition.replace(
            /REFERENCES (?:public\.)?(\w+)\(/,
            (_m, target: string) =>
              `REFERENCES ${tables.some(([n]) => n === target) ? schema : "public"}.${target}(`,
          );
          await bench.sql.unsafe(
            `alter table ${schema}.${key.table} add constraint ${key.name} ${definition}`,
          );
        }
      }
      for (const trigger of variant.triggers === "none" ? [] : triggers) {
        if (variant.triggers === "statement" && /_live_insert$/.test(trigger.name)) continue;
        await bench.sql.unsafe(trigger.definition.replace(/ ON (?:public\.)?(\w+) /, ` ON ${schema}.$1 `));
      }
      if (variant.triggers === "statement") {
        await bench.sql.unsafe(`create trigger coupons_live_insert after insert on ${schema}.coupons referencing new table as new_rows
          for each statement execute function prof_live_coupons_inserted()`);
        await bench.sql.unsafe(`create trigger transfers_live_insert after insert on ${schema}.transfers referencing new table as new_rows
          for each statement execute function prof_live_transfers_inserted()`);
      }
    }
    for (let s = 0; s < slices; s++) {
      const inRange = `c.campaign_id = '${campaignId}' and c.campaign_index >= ${s * size} and c.campaign_index < ${(s + 1) * size}`;
      const rows = {
        coupons: await copyOut(
          bench.sql,
          `select ${couponCopyColumns.replace(/(\w+)/g, "c.$1")} from coupons c where ${inRange}`,
        ),
        transfers: await copyOut(
          bench.sql,
          `select ${transferCopyColumns.replace(/(\w+)/g, "t.$1")} from transfers t join coupons c on c.id = t.coupon_id and t.status = 'pending' where ${inRange}`,
        ),
        coupon_events: await copyOut(
          bench.sql,
          `select ${eventCopyColumns.replace(/(\w+)/g, "e.$1")} from coupon_events e join coupons c on c.id = e.coupon_id where ${inRange} order by e.coupon_id, e.seq`,
        ),
      };
      for (const schema of Object.keys(variants)) {
        const times: string[] = [];
        await bench.sql.begin(async (tx) => {
          for (const [table, columns] of tables) {
            t = performance.now();
            await copyInto(tx, `copy ${schema}.${table} (${columns}) from stdin`, rows[table]);
            times.push(`${table} ${(performance.now() - t).toFixed(0)}`);
          }
          t = performance.now();
        });
        console.log(
          `slice ${s} COPY into ${schema}: ${times.join(", ")} ms; commit ${(performance.now() - t).toFixed(0)}`,
        );
      }
    }
    // Signing alone: 2 × size signatures.
    const key = await getSigningKey(bench.db, "value");
    const payloads = Array.from(
      { length: size * 2 },
      (_, i) => `{"k":"${key.kid}","i":"cpn_${i}","a":"500","c":"EUR","t":1,"e":2}`,
    );
    for (const signers of ["0", "1", "2"]) {
      await closeSignerPool();
      process.env.SCRIP_CAMPAIGN_SIGNERS = signers;
      await signBatch(key.kid, key.privateKey, payloads.slice(0, 10));
      t = performance.now();
      const batches = [];
      for (let i = 0; i < payloads.length; i += 500)
        batches.push(signBatch(key.kid, key.privateKey, payloads.slice(i, i + 500)));
      await Promise.all(batches);
      console.log(
        `sign ${payloads.length} payloads, ${signers} signer threads: ${(performance.now() - t).toFixed(0)} ms`,
      );
    }
    await closeSignerPool();
  } finally {
    await bench.dispose();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
