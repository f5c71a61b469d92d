import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";

/** The data directory of the app under test (the launcher's ephemeral one, which holds runtime.json). */
export function runningDataDir(): string {
  const candidates = fs
    .readdirSync(os.tmpdir())
    .filter((name) => name.startsWith("scrip-data-"))
    .map((name) => path.join(os.tmpdir(), name))
    .filter((dir) => {
      const file = path.join(dir, "runtime.json");
      if (!fs.existsSync(file)) return false;
      const { pid } = JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number };
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    })
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  // Another checkout may run its own app at the same time: prefer the one started from this directory.
  const ours = candidates.find((dir) => {
    const { pid } = JSON.parse(fs.readFileSync(path.join(dir, "runtime.json"), "utf8")) as { pid: number };
    try {
      return fs.readlinkSync(`/proc/${pid}/cwd`) === process.cwd();
    } catch {
      return false;
    }
  });
  const found = ours ?? candidates[0];
  if (!found) throw new Error("cannot find the running app's data directory");
  return found;
}

/**
 * Runs `npm run admin:invite` against the app under test, as an operator would, and returns the printed link's
 * path. The link must carry the running app's own origin (read from its runtime.json, so SCRIP_ORIGIN is unset on
 * purpose; E2E_PORT may move it off the default port).
 */
export function adminInvitePath(): string {
  const result = spawnSync("npm", ["run", "--silent", "admin:invite"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: "", SCRIP_DATA_DIR: runningDataDir(), SCRIP_ORIGIN: "" },
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
  const origin = `http://localhost:${process.env.E2E_PORT ?? 3217}`.replace(/[.:/]/g, "\\$&");
  const link = new RegExp(`${origin}(/admin/enrol/[A-Za-z0-9_-]+)`).exec(result.stdout);
  expect(link, result.stdout).not.toBeNull();
  return link?.[1] ?? "";
}

/**
 * Confirms an admin invite (the page `adminInvitePath()` opened) as `handle` and waits for the back office. The
 * suite makes more admins from one address than Scrip's real limit allows (`admin.enrol`: 10 attempts in ten
 * minutes), so, as a person would, it waits the time the page gives and tries again, extending the test's own
 * time limit by that wait.
 */
export async function confirmAdminInvite(page: Page, handle: string): Promise<void> {
  const confirm = page.getByRole("button", { name: `Make @${handle} an admin` });
  const limited = page.getByText(/^Too many attempts; try again in (\d+) seconds?\.$/);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await confirm.click();
    await Promise.race([page.waitForURL(/\/admin$/), limited.waitFor()]);
    if (/\/admin$/.test(page.url())) return;
    const seconds = Number((/in (\d+) second/.exec((await limited.textContent()) ?? "") ?? [])[1] ?? 60);
    test.info().setTimeout(test.info().timeout + (seconds + 5) * 1000);
    await page.waitForTimeout((seconds + 1) * 1000);
  }
  await expect(page).toHaveURL(/\/admin$/);
}
