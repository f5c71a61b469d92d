/**
 * Runs one acceptTransfer in its own process, for the crash test: the test terminates this process's database
 * backend mid-transaction. (postgres.js 3.4.9 can throw an uncaught TypeError from a pending write when its
 * socket is closed under it; in a child process that cannot disturb the test runner.)
 * Usage: node --conditions=react-server --import tsx tests/support/accept-in-child.ts '<json>'
 */
import { openDatabase } from "../../db/client";
import type { Actor } from "../../lib/auth/actor";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";

const input = JSON.parse(process.argv[2] ?? "{}") as {
  url: string;
  actor: Actor;
  transferId: string;
  authorization: unknown;
};
const database = openDatabase(input.url, { max: 1 });
acceptTransfer(database.db, input.actor, {
  transferId: input.transferId,
  authorization: input.authorization,
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
