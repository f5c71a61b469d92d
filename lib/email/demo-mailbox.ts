import { desc, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { demoMailbox } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import type { ReceivedMail } from "./local-smtp-server";

/** The demo mailbox keeps only the newest messages. */
export const demoMailboxMax = 200;
/** The mailbox page shows this many. */
export const demoMailboxShown = 50;
const textMax = 20_000;

/** Whether this process is the embedded demo, whose launcher runs the local SMTP server (scripts/start.ts). */
export function demoMailboxEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.SCRIP_DEMO_MAILBOX === "1";
}

/** Stores one message the demo's SMTP server received, and drops all but the newest `demoMailboxMax`. */
export async function storeDemoMail(db: DbOrTx, mail: ReceivedMail): Promise<void> {
  await db.insert(demoMailbox).values({
    mailFrom: mail.mailFrom.slice(0, 300),
    rcptTo: mail.rcptTo.join(", ").slice(0, 1000),
    subject: mail.subject.slice(0, 500),
    textBody: mail.text.slice(0, textMax),
    messageId: mail.messageId?.slice(0, 300) ?? null,
  });
  await db.execute(
    sql`delete from demo_mailbox where id < (select min(id) from (
      select id from demo_mailbox order by id desc limit ${demoMailboxMax}) newest)`,
  );
}

/** The newest messages of the demo mailbox, for admins only. */
export async function listDemoMail(db: DbOrTx, actor: Actor) {
  requirePermission(actor, "admin.read");
  return db
    .select({
      id: sql<string>`${demoMailbox.id}::text`,
      rcptTo: demoMailbox.rcptTo,
      subject: demoMailbox.subject,
      textBody: demoMailbox.textBody,
      receivedAt: demoMailbox.receivedAt,
    })
    .from(demoMailbox)
    .orderBy(desc(demoMailbox.id))
    .limit(demoMailboxShown);
}
