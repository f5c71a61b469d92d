/**
 * `npm run admin:invite`: prints a one-time admin enrolment link, valid for 24 hours. Whoever opens it while
 * signed in and confirms becomes an admin, so hand it over only to that person. Only the token's hash is
 * stored; the link is shown this once.
 */
import { openDatabase } from "../db/client";
import { adminEnrolPath, createAdminInvite } from "../lib/auth/create-admin-invite";
import { getRelyingParty } from "../lib/auth/webauthn-config";
import { resolveDatabaseUrl, resolveOrigin } from "./lib/database-url";

async function main(): Promise<void> {
  const database = openDatabase(resolveDatabaseUrl(), { max: 1 });
  try {
    const { token, expiresAt } = await createAdminInvite(database.db);
    console.log(`Admin enrolment link (one use, expires ${expiresAt.toISOString()}):`);
    // The running app's origin (from .data/runtime.json) when SCRIP_ORIGIN is not set, so the link opens it.
    const origin = resolveOrigin() ?? getRelyingParty().origin;
    console.log(`${origin.replace(/\/$/, "")}${adminEnrolPath(token)}`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(
    `Could not create an admin invite: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
