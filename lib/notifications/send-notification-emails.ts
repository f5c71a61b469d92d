import { sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { formatDateTime } from "@/lib/dates/format-date";
import { publicOrigin, type SendMail } from "@/lib/email/mail-transport";
import { plural } from "@/lib/words/plural";
import { notificationKinds } from "./notification-kinds";
import { selectNotifications } from "./notification-rows";

/** Notifications one job claims at a time. */
export const emailBatchSize = 50;
/** A claimed notification is being sent until this lease runs out (then another run may send it again). */
export const emailLeaseSeconds = 120;
/** Older notifications are never emailed (e.g. after the worker was down for days). */
export const emailMaxAgeHours = 48;

/**
 * The `send-notification-emails` job. Emails each notification created after its person verified their address,
 * not opted out of its kind (security is always sent), at most once per successful run:
 *  1. claim a batch (a lease in `email_lease_until`, FOR UPDATE SKIP LOCKED, so concurrent workers take
 *     different rows), committed before anything is sent and outside every money transaction;
 *  2. send each over SMTP with the Message-ID `<notification-ID@host>` — the dedupe key;
 *  3. mark it done (`email_done_at`) right after the SMTP server accepted it; a failed send gives its lease
 *     back so a retry sends it again.
 * Delivery is at least once: a message is sent again only when the worker dies (or its lease runs out) after
 * the SMTP server accepted it but before step 3, and then with the same Message-ID, which mail clients and
 * servers use to drop the duplicate. Throws after the batch when any send failed, so pg-boss retries the job.
 */
export async function sendNotificationEmails(
  db: DbOrTx,
  send: SendMail,
): Promise<{ sent: number; skipped: number; failed: number }> {
  const claimed = await queryRows(
    db,
    { id: column.text, kind: z.enum(notificationKinds), address: column.text, opted_out: column.text },
    sql`update notifications n set email_lease_until = now() + make_interval(secs => ${emailLeaseSeconds})
      from (
        select n2.id, e.address, e.opted_out::text[]::text as opted_out
        from notifications n2
        join users u on u.party_id = n2.party_id
        join email_addresses e on e.user_id = u.id
        where n2.email_done_at is null
          and n2.created_at > now() - make_interval(hours => ${emailMaxAgeHours})
          and e.verified_at is not null and n2.created_at >= e.verified_at
          and (n2.email_lease_until is null or n2.email_lease_until < now())
        order by n2.id
        limit ${emailBatchSize}
        for update of n2 skip locked
      ) c
      where n.id = c.id
      returning n.id::text as id, n.kind::text as kind, c.address, c.opted_out`,
  );
  let sent = 0;
  let skipped = 0;
  let failed = 0;
  const done: string[] = [];
  const released: string[] = [];
  const views = new Map(
    claimed.length === 0
      ? []
      : (
          await selectNotifications(
            db,
            sql`n.id in (${sql.join(
              claimed.map((row) => sql`${row.id}::bigint`),
              sql`, `,
            )})`,
            claimed.length,
          )
        ).map((view) => [view.id, view]),
  );
  for (const row of claimed) {
    const optedOut = row.opted_out.replace(/^\{|\}$/g, "").split(",");
    const view = views.get(row.id);
    if (!view || (row.kind !== "security" && optedOut.includes(row.kind))) {
      done.push(row.id);
      skipped++;
      continue;
    }
    try {
      await send({
        to: row.address,
        subject: view.title.length > 120 ? `${view.title.slice(0, 117)}…` : view.title,
        text: [
          view.title,
          "",
          `${formatDateTime(view.createdAt)}`,
          "",
          `See it in Scrip: ${publicOrigin()}${view.href}`,
          "",
          `You get this email because you turned on email for your Scrip account. Change which emails you get: ${publicOrigin()}/wallet/settings/email`,
        ].join("\n"),
        messageId: `<notification-${row.id}@${new URL(publicOrigin()).hostname}>`,
      });
      // Marked at once, so a worker that dies later in the batch re-sends nothing it already sent.
      await db.execute(
        sql`update notifications set email_done_at = now(), email_lease_until = null where id = ${row.id}::bigint`,
      );
      sent++;
    } catch {
      released.push(row.id);
      failed++;
    }
  }
  const ids = (list: string[]) =>
    sql.join(
      list.map((id) => sql`${id}::bigint`),
      sql`, `,
    );
  if (done.length > 0) {
    await db.execute(
      sql`update notifications set email_done_at = now(), email_lease_until = null where id in (${ids(done)})`,
    );
  }
  if (released.length > 0) {
    await db.execute(sql`update notifications set email_lease_until = null where id in (${ids(released)})`);
  }
  if (failed > 0)
    throw new Error(`${plural(failed, "notification email")} could not be sent; the job will retry`);
  return { sent, skipped, failed };
}
