/**
 * For tests that kill a transaction half way: run the work in its own Node process (like an app server, so the
 * driver's reaction to losing its connection cannot disturb the test process) while a connection of the test holds
 * a lock the work needs, and find the work's backend once it waits for that lock.
 */
import { spawn } from "node:child_process";
import type postgres from "postgres";

/** Runs `script` (under tests/support) with `payload` as JSON; resolves to `exit <code>: <output>` when it exits. */
export function runScriptInChild(script: string, payload: unknown): Promise<string> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", `tests/support/${script}`, JSON.stringify(payload)],
    { env: process.env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise<string>((resolve) => child.on("exit", (code) => resolve(`exit ${code}: ${output}`)));
}

/** Waits (up to 15 s) until a backend of this database other than `exceptPid` waits for a lock; returns its pid. */
export async function backendWaitingForLock(
  sql: postgres.Sql,
  exceptPid: number,
  what: string,
  alreadyTerminated: readonly number[] = [],
): Promise<number> {
  // A backend told to terminate may still show as waiting for a moment: `alreadyTerminated` are not found again.
  const skipped = [exceptPid, ...alreadyTerminated];
  for (let attempt = 0; attempt < 600; attempt++) {
    const [row] = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and pid <> all(${skipped}::int[])
        and pid <> pg_backend_pid()`;
    if (row) return row.pid;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${what} never blocked`);
}
