import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { type EmbeddedServer, startEmbeddedPostgres } from "../../db/embedded";
import { migrateDatabase } from "../../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    scripAdminUrl: string;
    scripTemplateDatabase: string;
    scripRunId: string;
  }
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Once per integration run: find a PostgreSQL (TEST_DATABASE_URL, DATABASE_URL, else an embedded server in a
 * temporary directory), and migrate a template database that each test file clones into a fresh database.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  let embedded: EmbeddedServer | undefined;
  let tempDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "scrip-test-pg-"));
    embedded = await startEmbeddedPostgres(tempDir);
    adminUrl = embedded.adminUrl;
  }
  const template = `scrip_tpl_${runId}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  await migrateDatabase(withDatabase(adminUrl, template));
  project.provide("scripAdminUrl", adminUrl);
  project.provide("scripTemplateDatabase", template);
  project.provide("scripRunId", runId);

  return async () => {
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`scrip_%${runId}%`}`;
    for (const { datname } of leftovers) {
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    await admin.end({ timeout: 5 });
    if (embedded) await embedded.stop();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  };
}
