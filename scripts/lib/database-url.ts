import fs from "node:fs";
import path from "node:path";

/**
 * The database a maintenance command should use: DATABASE_URL, else the one the running `npm start` wrote
 * into `SCRIP_DATA_DIR/runtime.json`. Fails with a clear message when neither exists.
 */
export function resolveDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const runtimeFile = path.resolve(env.SCRIP_DATA_DIR ?? ".data", "runtime.json");
  if (fs.existsSync(runtimeFile)) {
    const { databaseUrl } = JSON.parse(fs.readFileSync(runtimeFile, "utf8")) as { databaseUrl?: string };
    if (databaseUrl) return databaseUrl;
  }
  throw new Error(
    "No database: set DATABASE_URL, or start Scrip with `npm start` (which uses the embedded database).",
  );
}
