import { openDatabase } from "../db/client";
import { checkLedger } from "../lib/ledger/check-ledger";
import { recordLedgerCheck } from "../lib/ledger/record-ledger-check";
import { resolveDatabaseUrl } from "./lib/database-url";

/**
 * `npm run ledger:check`: verifies every invariant of the design against the database (DATABASE_URL, or the
 * running `npm start`'s embedded database), prints each violation with the rows involved, and exits non-zero
 * when any invariant does not hold. The result is recorded in ledger_check_results (exported as a metric); a
 * database that refuses the write (a read-only standby) only costs a warning.
 */
async function main(): Promise<number> {
  const database = openDatabase(resolveDatabaseUrl(), { max: 1, purpose: "jobs" });
  try {
    const violations = await checkLedger(database.db);
    await recordLedgerCheck(database.db, { violations, source: "command" }).catch((error: unknown) => {
      console.error(
        `(The result was not recorded: ${error instanceof Error ? error.message : String(error)})`,
      );
    });
    if (violations.length === 0) {
      console.log("✓ Ledger consistent: every invariant (1–6) holds.");
      return 0;
    }
    for (const violation of violations) {
      console.error(`✗ Invariant ${violation.invariant}: ${violation.message}`);
      for (const row of violation.rows) {
        console.error(
          `    ${JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? value.toString() : value))}`,
        );
      }
    }
    console.error(`${violations.length} violation(s) found.`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
