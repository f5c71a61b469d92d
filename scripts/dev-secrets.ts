import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Secrets Scrip needs; each comes from the environment, or in development from `.data/secrets.json`. */
const secretNames = ["AUTH_SECRET", "SCRIP_KEY_ENCRYPTION_KEY"] as const;

/**
 * Fills missing secrets into `env` from `dataDir/secrets.json`, generating that file (mode 600) once with a
 * warning: fine for a demo, but production must set them explicitly.
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
