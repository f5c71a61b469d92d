import fs from "node:fs";
import path from "node:path";

/**
 * The database a maintenance command should use: DATABASE_DIRECT_URL (straight to PostgreSQL, when the app goes
 * through PgBouncer), else DATABASE_URL, else the one the running `npm start` wrote into
 * `SCRIP_DATA_DIR/runtime.json`. Fails with a clear message when none exists.
 */
function readRuntime(env: NodeJS.ProcessEnv): { databaseUrl?: string; origin?: string } {
  const runtimeFile = path.resolve(env.SCRIP_DATA_DIR ?? ".data", "runtime.json");
  if (!fs.existsSync(runtimeFile)) return {};
  return JSON.parse(fs.readFileSync(runtimeFile, "utf8")) as { databaseUrl?: string; origin?: string };
}

/** The public origin links should use: SCRIP_ORIGIN, else the running app's, else the default. */
export function resolveOrigin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.SCRIP_ORIGIN || readRuntime(env).origin;
}

export function resolveDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_DIRECT_URL) return env.DATABASE_DIRECT_URL;
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const { databaseUrl } = readRuntime(env);
  if (databaseUrl) return databaseUrl;
  throw new Error(
    "No database: set DATABASE_URL, or start Scrip with `npm start` (which uses the embedded database).",
  );
}
