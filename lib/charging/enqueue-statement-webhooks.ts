import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRow, queryRows } from "@/db/rows";
import { webhookMessages } from "@/db/schema";
import { newIds } from "@/lib/ids";
import type { WebhookPayload } from "@/lib/webhooks/enqueue-webhook-event";
import { webhookEventTypes } from "@/lib/webhooks/webhook-event-types";

/** Most outbox rows one insert writes (four parameters each, well under the protocol's 65 535). */
const messagesPerInsert = 2000;

/**
 * Writes a `statement.created` webhook to the outbox for every statement of this run whose party is a shop with an
 * enabled endpoint subscribed to it, in the run's transaction, so the events commit exactly with the run. Each
 * payload is built and checked with the event's schema (lib/webhooks/webhook-event-types.ts) like every other
 * webhook's; the rows are read in one query and written in inserts of many rows. None at all when no endpoint
 * anywhere subscribes (the common case costs one indexed probe).
 */
export async function enqueueStatementWebhooks(
  tx: DbOrTx,
  run: { runId: string; periodEnd: Date },
): Promise<void> {
  const subscribed = await queryRow(
    tx,
    { found: column.int },
    sql`select 1 as found from webhook_endpoints where enabled and 'statement.created' = any(event_types) limit 1`,
  );
  if (!subscribed) return;
  const targets = await queryRows(
    tx,
    {
      endpoint_id: column.text,
      statement_id: column.text,
      kind: column.text,
      amount_minor: column.text,
      currency: column.text,
    },
    sql`select e.id as endpoint_id, s.id as statement_id, s.kind::text as kind, s.amount_minor::text as amount_minor,
        s.currency
      from statements s
      join shops sh on sh.party_id = s.party_id
      join webhook_endpoints e on e.shop_id = sh.id and e.enabled and 'statement.created' = any(e.event_types)
      where s.run_id = ${run.runId}
      order by s.id, e.id`,
  );
  const schema = webhookEventTypes["statement.created"].data;
  const timestamp = new Date().toISOString();
  const ids = newIds("webhookMessage", targets.length);
  const rows = targets.map((target, index) => {
    const checked = schema.safeParse({
      statementId: target.statement_id,
      kind: target.kind,
      amountMinor: target.amount_minor,
      currency: target.currency,
      periodEnd: run.periodEnd.toISOString(),
    });
    if (!checked.success) {
      throw new Error(`webhook statement.created: data does not match its schema: ${checked.error.message}`);
    }
    const payload: WebhookPayload = { type: "statement.created", timestamp, data: checked.data };
    return { id: ids[index] as string, endpointId: target.endpoint_id, eventType: payload.type, payload };
  });
  for (let start = 0; start < rows.length; start += messagesPerInsert) {
    await tx.insert(webhookMessages).values(rows.slice(start, start + messagesPerInsert));
  }
}
