-- Append-only history must survive TRUNCATE too (row triggers do not fire on it): the audit log, coupon events
-- and postings refuse it.
CREATE FUNCTION scrip_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only and cannot be truncated', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION scrip_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER coupon_events_no_truncate BEFORE TRUNCATE ON coupon_events FOR EACH STATEMENT EXECUTE FUNCTION scrip_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER postings_no_truncate BEFORE TRUNCATE ON postings FOR EACH STATEMENT EXECUTE FUNCTION scrip_refuse_truncate();
