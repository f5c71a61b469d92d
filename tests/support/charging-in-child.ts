/**
 * Runs one charging run in its own process, for the crash test: the test terminates this process's database
 * backend mid-transaction (see accept-in-child.ts for why a child process).
 * Usage: node --conditions=react-server --import tsx tests/support/charging-in-child.ts '<json>'
 */
import { openDatabase } from "../../db/client";
import { systemActor } from "../../lib/auth/actor";
import { runCharging } from "../../lib/charging/run-charging";

const input = JSON.parse(process.argv[2] ?? "{}") as { url: string; periodEnd: string; now: string };
const database = openDatabase(input.url, { max: 1 });
runCharging(database.db, {
  actor: systemActor("charging crash test"),
  periodEnd: new Date(input.periodEnd),
  now: new Date(input.now),
  trigger: "system",
}).then(
  async () => {
    console.log("committed");
    await database.close();
  },
  async (error: unknown) => {
    console.log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(3);
  },
);
