import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { runningDataDir } from "./running-app";

/**
 * Runs `work` against the database of the app under test (its runtime.json's URL), for test-only changes the app
 * has no screen for, such as moving a payout account's change time back past its 24-hour hold.
 */
export async function withAppDatabase<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const runtime = JSON.parse(fs.readFileSync(path.join(runningDataDir(), "runtime.json"), "utf8")) as {
    databaseUrl?: string;
  };
  if (!runtime.databaseUrl) throw new Error("the running app's runtime.json names no database");
  const sql = postgres(runtime.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** Test only: the payout account of the shop `slug` was last changed two days ago (its review hold is over). */
export async function endPayoutHoldOfShop(slug: string): Promise<void> {
  await withAppDatabase(async (sql) => {
    const rows = await sql`update payout_accounts set changed_at = now() - interval '2 days'
      where party_id = (select party_id from shops where slug = ${slug}) returning party_id`;
    if (rows.length !== 1) throw new Error(`shop ${slug} has no payout account`);
  });
}
