import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { column, queryRow } from "@/db/rows";
import {
  hashVerificationToken,
  newVerificationToken,
  verificationPath,
  verificationTokenHours,
} from "./email-token";
import { publicOrigin, type SendMail } from "./mail-transport";

/**
 * The `send-verification-email` job: makes a fresh single-use token for the person's unverified address (only its
 * hash is stored, replacing any earlier token, so the raw token exists only in the email and never in the job
 * queue) and sends the link. Does nothing when the address changed or was verified meanwhile. A retry after a
 * failed send makes a new token; only the newest link works.
 */
export async function sendVerificationEmail(
  db: DbOrTx,
  send: SendMail,
  data: { userId: string; address: string },
): Promise<{ sent: boolean }> {
  const token = newVerificationToken();
  const row = await inTransaction(db, (tx) =>
    queryRow(
      tx,
      { address: column.text, handle: column.text },
      sql`update email_addresses e set token_hash = ${hashVerificationToken(token)},
          token_expires_at = now() + make_interval(hours => ${verificationTokenHours})
        from users u
        where e.user_id = ${data.userId} and e.address = ${data.address} and e.verified_at is null
          and u.id = e.user_id
        returning e.address, u.handle`,
    ),
  );
  if (!row) return { sent: false };
  const link = `${publicOrigin()}${verificationPath(token)}`;
  await send({
    to: row.address,
    subject: "Confirm your email address for Scrip",
    text: [
      `Hello @${row.handle},`,
      "",
      "Open this link in the browser where you use Scrip to confirm this email address:",
      "",
      link,
      "",
      `The link works once, for ${verificationTokenHours} hours. If you did not ask for this, ignore this email:`,
      "nothing is sent to this address until the link is opened.",
    ].join("\n"),
    messageId: `<verify-${hashVerificationToken(token).slice(0, 32)}@scrip.invalid>`,
  });
  return { sent: true };
}
