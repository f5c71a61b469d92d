import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";
import { campaignSliceSize } from "../lib/campaigns/contract";
import {
  copyInto,
  couponCopyColumns,
  eventCopyColumns,
  transferCopyColumns,
} from "../lib/campaigns/issue-campaign-slice-fast";
import { newId, newIds } from "../lib/ids";
import { insertRunningCampaign } from "../tests/support/campaign-fixtures";
import type { BenchDatabase } from "./database";

/**
 * The campaign benchmark: claim-code coupons issued by the fast engine (lib/campaigns/issue-campaign-slice-fast.ts)
 * slice after slice in a child process (its peak RSS measured), against a raw COPY of the same rows.
 *
 * Baseline: for each slice, the very rows the engine wrote (coupons, transfers, events, read back untimed with
 * COPY … TO STDOUT: signatures, hashes and ids already computed) are written with COPY into copies of those tables
 * in a `campaign_baseline` schema (same columns, defaults, checks and indexes — `LIKE … INCLUDING ALL` — but no
 * foreign keys and no triggers: a raw COPY), plus one posting, one transaction per slice, timed from the first
 * slice to the last commit. The difference is what the engine adds: computing the rows (ids, two Ed25519
 * signatures, claim-code and event hashes) and what the real tables do per row (foreign-key checks, the live-event
 * and notification triggers), plus the guarded issued_count update and the campaign_slices row.
 */

const baselineTables = ["coupons", "transfers", "coupon_events", "postings"];

export interface CampaignMeasurement {
  coupons: number;
  oursMs: number;
  baselineMs: number;
  peakRssMb: number;
}

async function createCampaignBaseline(client: postgres.Sql): Promise<void> {
  await client`create schema if not exists campaign_baseline`;
  for (const table of baselineTables) {
    await client.unsafe(
      `create table if not exists campaign_baseline.${table} (like public.${table} including all)`,
    );
  }
}

function issueInChild(url: string, campaignId: string, from: number, to: number) {
  const child = spawn(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "bench/campaign-child.ts",
      JSON.stringify({ url, campaignId, from, to }),
    ],
    { env: process.env, stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise<{ issued: number; ms: number; maxRssMb: number }>((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(output.trim().split("\n").at(-1) ?? "{}"))
        : reject(new Error(`issuing child exited ${code}: ${output}`)),
    ),
  );
}

/** COPY … TO STDOUT of `query` into memory (one slice's rows: a few MB). */
async function copyOut(client: postgres.Sql, query: string): Promise<string[]> {
  const chunks: string[] = [];
  const readable = await client.unsafe(`copy (${query}) to stdout`).readable();
  await pipeline(
    readable,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString("utf8"));
        callback();
      },
    }),
  );
  return chunks;
}

/** The raw COPY of the engine's own rows for [from, to), slice by slice; returns the timed milliseconds. */
async function copyBaseline(
  client: postgres.Sql,
  campaignId: string,
  from: number,
  to: number,
  accounts: { debit: string; credit: string },
) {
  let timed = 0;
  for (let start = from; start < to; start += campaignSliceSize) {
    const end = Math.min(to, start + campaignSliceSize);
    const inRange = `c.campaign_id = '${campaignId}' and c.campaign_index >= ${start} and c.campaign_index < ${end}`;
    const coupons = await copyOut(
      client,
      `select ${couponCopyColumns.replace(/(\w+)/g, "c.$1")} from coupons c where ${inRange} order by c.campaign_index`,
    );
    const transfers = await copyOut(
      client,
      // Every transfer here is pending: the partial index on pending transfers finds them (no scan per slice).
      `select ${transferCopyColumns.replace(/(\w+)/g, "t.$1")} from transfers t join coupons c on c.id = t.coupon_id and t.status = 'pending' where ${inRange} order by c.campaign_index`,
    );
    const events = await copyOut(
      client,
      `select ${eventCopyColumns.replace(/(\w+)/g, "e.$1")} from coupon_events e join coupons c on c.id = e.coupon_id where ${inRange} order by c.campaign_index, e.seq`,
    );
    const [postingId] = newIds("posting", 1);
    const began = performance.now();
    await client.begin(async (tx) => {
      await copyInto(tx, `copy campaign_baseline.coupons (${couponCopyColumns}) from stdin`, coupons);
      await copyInto(tx, `copy campaign_baseline.transfers (${transferCopyColumns}) from stdin`, transfers);
      await copyInto(tx, `copy campaign_baseline.coupon_events (${eventCopyColumns}) from stdin`, events);
      await tx`insert into campaign_baseline.postings (id, kind, debit_account_id, credit_account_id, amount_minor, currency)
        values (${postingId as string}, 'campaign_funding', ${accounts.debit}, ${accounts.credit}, ${(500 * (end - start)).toString()}::bigint, 'EUR')`;
    });
    timed += performance.now() - began;
  }
  return timed;
}

/**
 * Issues `sizes` (e.g. 100 k then 1 M) claim-code coupons: each as its own campaign, ours first (child process),
 * then the baseline's raw COPY of the same rows.
 */
export async function runCampaignScenario(
  bench: BenchDatabase,
  sizes: number[],
): Promise<CampaignMeasurement[]> {
  process.env.SCRIP_KEY_ENCRYPTION_KEY ??= randomBytes(32).toString("base64url");
  await createCampaignBaseline(bench.sql);
  const sponsor = newId("party");
  await bench.sql`insert into parties (id, kind, display_name) values (${sponsor}, 'shop', 'Campaign bench sponsor')`;
  const measurements: CampaignMeasurement[] = [];
  for (const size of sizes) {
    const { campaignId } = await insertRunningCampaign(bench.db, {
      sponsorPartyId: sponsor,
      kind: "claim_codes",
      couponCount: size,
      amountMinor: 500n,
    });
    await bench.sql`checkpoint`;
    console.log(
      `campaign: issuing ${size} coupons (load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")})`,
    );
    const ours = await issueInChild(bench.url, campaignId, 0, size);
    const [accounts] = await bench.sql<{ debit: string; credit: string }[]>`
      select d.id as debit, o.id as credit from ledger_accounts d, ledger_accounts o
      where d.party_id = ${sponsor} and d.currency = 'EUR' and o.kind = 'issuer_outstanding' and o.currency = 'EUR'`;
    await bench.sql`checkpoint`;
    console.log(
      `campaign: raw COPY of the same ${size} (load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")})`,
    );
    const baselineMs = await copyBaseline(
      bench.sql,
      campaignId,
      0,
      size,
      accounts as { debit: string; credit: string },
    );
    measurements.push({ coupons: size, oursMs: ours.ms, baselineMs, peakRssMb: ours.maxRssMb });
    console.log(
      `campaign: ${size} coupons: ours ${(ours.ms / 1000).toFixed(1)} s (${Math.round(size / (ours.ms / 1000))}/s, peak RSS ${ours.maxRssMb.toFixed(0)} MB), raw COPY ${(baselineMs / 1000).toFixed(1)} s`,
    );
  }
  return measurements;
}
