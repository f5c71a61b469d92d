import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

/** Starts Scrip exactly as the README's first command does (`npm start`), on an empty data directory. */
function startLikeTheReadme(dataDir: string, port: number): { child: ChildProcess; output: () => string } {
  let output = "";
  const child = spawn("npm", ["start"], {
    cwd: process.cwd(),
    env: { ...process.env, PORT: String(port), SCRIP_DATA_DIR: dataDir, DATABASE_URL: "", SCRIP_ORIGIN: "" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Presses Ctrl-C: SIGINT to the whole process group (npm, the launcher, Next.js), as a terminal does. Waits for
 * `close`, not `exit`: npm may exit on the signal while the launcher (which shares npm's pipes) is still stopping
 * PostgreSQL and has yet to print so; the pipes close only when every process holding them is gone.
 */
async function pressCtrlC(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  process.kill(-(child.pid as number), "SIGINT");
  return exited;
}

function expectCleanStop(
  result: { code: number | null; signal: NodeJS.Signals | null },
  output: string,
  dataDir: string,
) {
  // npm itself may report the interrupt as a signal; what matters is that the launcher stopped PostgreSQL.
  expect(result.code === 0 || result.signal === "SIGINT", JSON.stringify(result)).toBe(true);
  expect(output).toContain("Embedded PostgreSQL stopped.");
  expect(fs.existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
}

test("[setup] newcomer: npm start on an empty data directory serves / and /api/health, and a restart keeps the data", async ({
  request,
}) => {
  test.setTimeout(180_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "scrip-newcomer-"));
  try {
    const port = await freePort();
    const first = startLikeTheReadme(dataDir, port);
    await waitFor(
      () => first.output().includes("Scrip is running at"),
      120_000,
      "the start-up line",
      first.output,
    );
    expect(first.output()).toContain(`http://localhost:${port}`);
    expect(first.output()).toContain("Seeded the demo shop");
    expect((await request.get(`http://localhost:${port}/`)).status()).toBe(200);
    expect((await request.get(`http://localhost:${port}/api/health`)).status()).toBe(200);
    expectCleanStop(await pressCtrlC(first.child), first.output(), dataDir);

    // A restart reuses the same cluster: nothing is seeded twice and the demo shop is still there.
    const second = startLikeTheReadme(dataDir, port);
    await waitFor(
      () => second.output().includes("Scrip is running at"),
      120_000,
      "the restart",
      second.output,
    );
    expect(second.output()).not.toContain("Seeded the demo shop");
    const shop = await request.get(`http://localhost:${port}/s/demo`);
    expect(shop.status()).toBe(200);
    expect(await shop.text()).toContain("Flat white");
    expectCleanStop(await pressCtrlC(second.child), second.output(), dataDir);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
