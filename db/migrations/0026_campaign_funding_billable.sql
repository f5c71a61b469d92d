-- A campaign's funding (#19) is charged to its sponsor like any coupon's funding: campaign_funding postings are
-- billable (a charging run invoices them; until then they count as the sponsor's credit in use).
CREATE OR REPLACE FUNCTION scrip_posting_billable(kind posting_kind) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT kind IN ('funding', 'conversion', 'campaign_funding')
$$;
