-- Issue 13, hole 11: an in-progress Idempotency-Key is a lease. Only the request holding `lease_token` may finish
-- (complete or release) it; after `lease_expires_at` a retry may take it over with a new token, and the old
-- holder's completion then finds no row and rolls its transaction back. Rows written before this migration have
-- no lease: an in-progress one among them counts as expired.
ALTER TABLE "idempotency_keys" ADD COLUMN "lease_token" text;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "lease_expires_at" timestamp with time zone;
--> statement-breakpoint
-- Issue 13, hole 9: a claimed message is being sent until `sending_until` (cleared when its outcome is recorded,
-- or run out if the worker died), so every worker can count an endpoint's deliveries in flight.
ALTER TABLE "webhook_messages" ADD COLUMN "sending_until" timestamp with time zone;--> statement-breakpoint
-- Webhook delivery claims each endpoint's oldest due messages (a few per endpoint, so one
-- endpoint's backlog cannot crowd out the others); this index answers that per endpoint without a scan.
CREATE INDEX "webhook_messages_endpoint_due_idx" ON "webhook_messages" USING btree ("endpoint_id","next_attempt_at") WHERE "webhook_messages"."status" = 'pending';
