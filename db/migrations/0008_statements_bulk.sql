ALTER TABLE "statements" DROP CONSTRAINT "statements_run_id_charging_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "statements" DROP CONSTRAINT "statements_party_id_parties_id_fk";
--> statement-breakpoint
DROP INDEX "statements_settlement_posting_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "statements_settlement_posting_unique" ON "statements" USING btree ("settlement_posting_id") WHERE "statements"."settlement_posting_id" is not null;--> statement-breakpoint
-- Statement ids for a run's bulk insert: prefix + 128 bits of SHA-256 over a per-run secret seed (32 random bytes,
-- never stored) and the row's ordinal: unguessable without the seed, and far cheaper than a random draw per row.
CREATE FUNCTION scrip_derived_id(prefix text, seed text, ordinal bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT prefix || '_' || translate(rtrim(encode(substring(
    sha256(convert_to(seed || ':' || ordinal::text, 'UTF8')) FROM 1 FOR 16), 'base64'), '='), '+/', '-_')
$$;
