import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { type Database, openDatabase } from "../db/client";
import { type EmbeddedServer, startEmbeddedPostgres } from "../db/embedded";
import { migrateDatabase } from "../db/migrate";

export interface BenchDatabase extends Database {
  url: string;
  dispose: () => Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark run: on BENCH_DATABASE_URL's server when given, else on an
 * embedded PostgreSQL in a temporary directory. Both sides of every ratio run on this same database.
 */
export async function openBenchDatabase(poolMax: number): Promise<BenchDatabase> {
  let embedded: EmbeddedServer | undefined;
  let tempDir: string | undefined;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "scrip-bench-"));
    embedded = await startEmbeddedPostgres(tempDir);
    adminUrl = embedded.adminUrl;
  }
  const name = `scrip_bench_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  await migrateDatabase(url);
  const database = openDatabase(url, { max: poolMax });
  return {
    ...database,
    url,
    dispose: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
      if (embedded) await embedded.stop();
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
