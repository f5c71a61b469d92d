import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureDevSecrets, requireDeploymentSecrets } from "@/scripts/dev-secrets";

const root = path.resolve(import.meta.dirname, "../..");
const dataDirs: string[] = [];
afterEach(() => {
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scrip-secrets-"));
  dataDirs.push(dir);
  return dir;
}

/** Runs one of the scripts with exactly `env` on top of PATH/HOME; a database that does not exist. */
function runScript(script: string, env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", script)],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test", ...env },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const unreachableDatabase = "postgres://scrip:scrip@127.0.0.1:9/scrip";

describe("secrets of a deployment (DATABASE_URL set)", () => {
  it("npm start exits non-zero naming the missing secret, and writes no secrets file", () => {
    for (const missing of ["AUTH_SECRET", "SCRIP_KEY_ENCRYPTION_KEY"]) {
      const dataDir = freshDataDir();
      const env: Record<string, string> = {
        DATABASE_URL: unreachableDatabase,
        SCRIP_DATA_DIR: dataDir,
        AUTH_SECRET: "a".repeat(43),
        SCRIP_KEY_ENCRYPTION_KEY: "b".repeat(43),
      };
      delete env[missing];
      const { status, output } = runScript("start.ts", env);
      expect(status, output).not.toBe(0);
      expect(output).toContain(`${missing} is not set`);
      expect(fs.existsSync(path.join(dataDir, "secrets.json"))).toBe(false);
    }
  }, 120_000);

  it("the job worker on its own exits non-zero too", () => {
    const dataDir = freshDataDir();
    const { status, output } = runScript("worker.ts", {
      DATABASE_URL: unreachableDatabase,
      SCRIP_DATA_DIR: dataDir,
    });
    expect(status, output).not.toBe(0);
    expect(output).toContain("AUTH_SECRET and SCRIP_KEY_ENCRYPTION_KEY are not set");
    expect(fs.existsSync(path.join(dataDir, "secrets.json"))).toBe(false);
  }, 60_000);

  it("requireDeploymentSecrets passes with both set, and without DATABASE_URL (the embedded demo)", () => {
    expect(() =>
      requireDeploymentSecrets({
        DATABASE_URL: unreachableDatabase,
        AUTH_SECRET: "x",
        SCRIP_KEY_ENCRYPTION_KEY: "y",
      }),
    ).not.toThrow();
    expect(() => requireDeploymentSecrets({})).not.toThrow();
  });

  it("the embedded demo still generates its secrets once into the data directory", () => {
    const dataDir = freshDataDir();
    const first = {} as NodeJS.ProcessEnv;
    ensureDevSecrets(dataDir, first);
    const second = {} as NodeJS.ProcessEnv;
    ensureDevSecrets(dataDir, second);
    expect(first.AUTH_SECRET).toMatch(/^[\w-]{43}$/);
    expect(second).toEqual(first);
  });
});
