-- Issue 15: a new notification is announced on the live stream (migration 0013) in the transaction that writes it,
-- so the header's unread count and the notification list update without a reload. Notifications can arrive in
-- bulk (a charging run issues a statement to every party), so they are announced like statements: one
-- INSERT … SELECT into live_events and ONE pg_notify naming the range of ids.
CREATE OR REPLACE FUNCTION scrip_live_notifications_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_from bigint;
  v_to bigint;
BEGIN
  WITH written AS (
    INSERT INTO live_events (audience, topic, ref)
      SELECT n.party_id, 'notification', n.id::text FROM new_rows n RETURNING id
  )
  SELECT min(id), max(id) INTO v_from, v_to FROM written;
  IF v_from IS NOT NULL THEN
    PERFORM pg_notify('scrip_live', json_build_object('from', v_from::text, 'to', v_to::text)::text);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER notifications_live_insert AFTER INSERT ON notifications REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION scrip_live_notifications_inserted();
