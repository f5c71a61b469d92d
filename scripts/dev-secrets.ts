import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Secrets Scrip needs; each comes from the environment, or in development from `.data/secrets.json`. */
const secretNames = ["AUTH_SECRET", "SCRIP_KEY_ENCRYPTION_KEY"] as const;

/**
 * With DATABASE_URL set (a real deployment, or the worker started on its own) every secret must come from the
 * environment: throws, naming the missing ones. Generating them next to a real database would make a secret
 * that lives in a file on one machine, lost or leaked with it, and differ between the app's machines.
 */
export function requireDeploymentSecrets(env: Record<string, string | undefined>): void {
  if (!env.DATABASE_URL) return;
  const missing = secretNames.filter((name) => !env[name]);
  if (missing.length === 0) return;
  throw new Error(
    `${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set. With DATABASE_URL set, Scrip ` +
      "does not generate secrets: set AUTH_SECRET and SCRIP_KEY_ENCRYPTION_KEY (each 32 random bytes, base64url: " +
      "`node -e \"console.log(crypto.randomBytes(32).toString('base64url'))\"`).",
  );
}

/**
 * Fills missing secrets into `env` from `dataDir/secrets.json`, generating that file (mode 600) once with a
 * warning: fine for the embedded demo database and for tests. The launcher and the worker call
 * requireDeploymentSecrets first, so a deployment with DATABASE_URL never gets here without its secrets.
 */
export function ensureDevSecrets(dataDir: string, env: NodeJS.ProcessEnv): void {
  const missing = secretNames.filter((name) => !env[name]);
  if (missing.length === 0) return;
  const file = path.join(dataDir, "secrets.json");
  let stored: Record<string, string> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString("base64url");
      changed = true;
    }
    env[name] = stored[name];
  }
  if (changed) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  console.warn(`! Using development secrets from ${file} for ${missing.join(", ")}; set them in production.`);
}
