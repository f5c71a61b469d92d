import { type SQL, sql } from "drizzle-orm";
import { postingRunIdSql, runsInOrderCte } from "@/lib/charging/posting-run-sql";

/** One SQL check: the query returns the rows that break the invariant (none when it holds). */
export interface LedgerCheck {
  invariant: number;
  message: string;
  query: SQL;
}

/** Every account's balance (debits minus credits): each posting's two sides summed per account, one pass each. */
const accountBalances = sql`select a.id, a.kind, a.party_id, a.currency, coalesce(m.balance, 0) as balance
  from ledger_accounts a
  left join (
    select account_id, sum(amount) as balance from (
      select debit_account_id as account_id, amount_minor as amount from postings
      union all
      select credit_account_id, -amount_minor from postings) sides
    group by account_id) m on m.account_id = a.id`;

const hasPosting = (kind: string, couponId: SQL) =>
  sql`exists (select 1 from postings p where p.coupon_id = ${couponId} and p.kind = ${kind}::posting_kind)`;

/**
 * A campaign coupon is funded by the campaign_funding posting of the slice covering its index (invariant 4's
 * funding, once per slice instead of once per coupon); the campaign checks below verify the slices.
 */
const fundedByCampaign = sql`(c.campaign_id is not null and exists (select 1 from campaign_slices s
    where s.campaign_id = c.campaign_id and c.campaign_index >= s.from_index and c.campaign_index < s.to_index))`;

/** Which last event kinds leave a coupon in each status (invariant 6). */
const statusOfLastEvent = sql`case l.kind
    when 'offered' then 'offered' when 'split' then 'split' when 'converted' then 'converted'
    when 'expired' then 'expired' when 'voided' then 'void' when 'revoked' then 'revoked'
    else 'active' end`;

export const ledgerChecks: LedgerCheck[] = [
  {
    invariant: 1,
    message: "posting amount is not positive, or debits and credits the same account",
    query: sql`select id, kind, amount_minor from postings where amount_minor <= 0 or debit_account_id = credit_account_id`,
  },
  {
    invariant: 1,
    message: "account balances of a currency do not sum to zero",
    query: sql`select currency, sum(balance) as total from (${accountBalances}) b group by currency having sum(balance) <> 0`,
  },
  {
    invariant: 2,
    message: "issuer:outstanding does not equal the funded, unconverted coupon value",
    query: sql`with outstanding as (
        select currency, -sum(balance) as owed from (${accountBalances}) b where kind = 'issuer_outstanding' group by currency),
      expected as (
        select currency, sum(amount_minor) as total from coupons c
        where funded and status <> 'split' and not ${hasPosting("conversion", sql`c.id`)} group by currency)
      select coalesce(o.currency, e.currency) as currency, coalesce(o.owed, 0) as outstanding, coalesce(e.total, 0) as expected
      from outstanding o full join expected e on e.currency = o.currency
      where coalesce(o.owed, 0) <> coalesce(e.total, 0)`,
  },
  {
    invariant: 3,
    message:
      "coupon status 'offered' does not match exactly one pending transfer at its version from its owner",
    query: sql`select c.id, c.status, c.version, c.owner_party_id, t.id as transfer_id, t.coupon_version, t.from_party_id
      from coupons c left join transfers t on t.coupon_id = c.id and t.status = 'pending'
      where (c.status = 'offered') <> (t.id is not null)
         or (t.id is not null and (t.coupon_version <> c.version or t.from_party_id <> c.owner_party_id))
         or c.id in (select coupon_id from transfers where status = 'pending' group by coupon_id having count(*) > 1)`,
  },
  {
    invariant: 3,
    message: "coupon version is not 1 + its accepted transfers, or an event lowers the version",
    query: sql`select c.id, c.version, count(t.id) as accepted from coupons c
        left join transfers t on t.coupon_id = c.id and t.status = 'accepted'
        group by c.id having c.version <> 1 + count(t.id)
      union all
      select coupon_id, version, seq from (
        select coupon_id, version, seq, lag(version) over (partition by coupon_id order by seq) as previous
        from coupon_events) e where version < previous`,
  },
  {
    invariant: 3,
    message:
      "a gift of several coupons whose transfers do not share its status, parties and expiry, or whose coupons do not add up to its amount",
    query: sql`select g.id, g.status, g.amount_minor, count(t.id)::int as transfers, coalesce(sum(c.amount_minor), 0) as coupons_total
      from transfer_groups g
      left join transfers t on t.group_id = g.id
      left join coupons c on c.id = t.coupon_id
      group by g.id
      having count(t.id) = 0 or coalesce(sum(c.amount_minor), 0) <> g.amount_minor
         or bool_or(t.status <> g.status or c.currency <> g.currency or t.from_party_id <> g.from_party_id
              or t.to_party_id is distinct from g.to_party_id or t.expires_at <> g.expires_at
              or t.claim_code_hash is distinct from g.claim_code_hash)`,
  },
  {
    invariant: 4,
    message: "a coupon is funded or converted more than once, or funded without exactly one funding",
    query: sql`select coupon_id as id, kind::text, count(*) as n from postings where kind in ('funding', 'conversion')
        group by coupon_id, kind having count(*) > 1
      union all
      select c.id, 'funded flag', 0 from coupons c left join coupons par on par.id = c.parent_id
      where c.funded <> (coalesce(par.funded, false) or ${hasPosting("funding", sql`c.id`)} or ${fundedByCampaign})
         or (coalesce(par.funded, false) and ${hasPosting("funding", sql`c.id`)})`,
  },
  {
    invariant: 4,
    message: "a funding or conversion posting does not match its coupon (amount, accounts, status)",
    query: sql`select p.id, p.kind::text as kind, p.coupon_id, p.amount_minor, c.amount_minor as coupon_amount, c.status
      from postings p join coupons c on c.id = p.coupon_id
      join ledger_accounts d on d.id = p.debit_account_id join ledger_accounts k on k.id = p.credit_account_id
      where (p.kind = 'funding' and (p.amount_minor <> c.amount_minor or p.currency <> c.currency
              or d.kind <> 'party' or d.party_id <> c.requester_party_id or k.kind <> 'issuer_outstanding'))
         or (p.kind = 'conversion' and (p.amount_minor <> c.amount_minor or p.currency <> c.currency or not c.funded
              or d.kind <> 'issuer_outstanding' or k.kind <> 'party' or c.status not in ('converted', 'revoked')))
      union all
      select c.id, 'missing conversion', c.id, c.amount_minor, c.amount_minor, c.status from coupons c
      where c.status = 'converted' and not ${hasPosting("conversion", sql`c.id`)}`,
  },
  {
    invariant: 4,
    message: "a split coupon's children do not sum to it (or a coupon has children without being split)",
    query: sql`select par.id, par.status, par.amount_minor, coalesce(sum(ch.amount_minor), 0) as children_total
      from coupons par left join coupons ch on ch.parent_id = par.id
      where par.status = 'split' or ch.id is not null
      group by par.id
      having par.status <> 'split' or coalesce(sum(ch.amount_minor), 0) <> par.amount_minor
          or bool_or(ch.currency <> par.currency or ch.requester_party_id <> par.requester_party_id
                     or ch.expires_at <> par.expires_at or (par.funded and not ch.funded))`,
  },
  {
    invariant: 4,
    message:
      "a change coupon is not the buyer's split piece beside the coupon that paid its order, or they do not add up",
    query: sql`select c.id, c.change_order_id, c.amount_minor, par.amount_minor as parent_amount from coupons c
      join coupons par on par.id = c.parent_id join orders o on o.id = c.change_order_id
      where o.buyer_party_id is distinct from (select e.actor_party_id from coupon_events e
              where e.coupon_id = par.id and e.kind = 'split' order by e.seq desc limit 1)
         or c.amount_minor + coalesce((select sum(oc.amount_minor) from order_coupons oc
              join coupons paid on paid.id = oc.coupon_id
              where paid.parent_id = par.id and oc.order_id = o.id and oc.kind = 'payment'), 0) <> par.amount_minor`,
  },
  {
    invariant: 4,
    message:
      "a campaign funding posting has not exactly one slice, or does not debit its sponsor and credit issuer:outstanding with (to − from) × the campaign's value",
    query: sql`select p.id, p.amount_minor, count(s.posting_id)::int as slices from postings p
        left join campaign_slices s on s.posting_id = p.id
        where p.kind = 'campaign_funding' group by p.id having count(s.posting_id) <> 1
      union all
      select p.id, p.amount_minor, 1 from campaign_slices s join postings p on p.id = s.posting_id
        join campaigns m on m.id = s.campaign_id
        join ledger_accounts d on d.id = p.debit_account_id join ledger_accounts k on k.id = p.credit_account_id
        where p.kind <> 'campaign_funding' or p.amount_minor <> (s.to_index - s.from_index)::bigint * m.amount_minor
           or p.currency <> m.currency or d.kind <> 'party' or d.party_id <> m.sponsor_party_id
           or k.kind <> 'issuer_outstanding'`,
  },
  {
    invariant: 4,
    message: "a campaign's slices are not contiguous from 0 to its issued count",
    query: sql`select m.id, m.issued_count, coalesce(sum(s.to_index - s.from_index), 0)::int as covered,
        coalesce(max(s.to_index), 0) as last_to from campaigns m left join campaign_slices s on s.campaign_id = m.id
        group by m.id having coalesce(sum(s.to_index - s.from_index), 0) <> m.issued_count
          or coalesce(max(s.to_index), 0) <> m.issued_count
          or coalesce(min(s.from_index), 0) <> 0
      union all
      select s.campaign_id, s.from_index, s.to_index, 0 from campaign_slices s
      where s.from_index > 0 and not exists (select 1 from campaign_slices b
        where b.campaign_id = s.campaign_id and b.to_index = s.from_index)`,
  },
  {
    invariant: 4,
    message:
      "a campaign's coupons are not exactly one funded coupon of its value per issued index, requested by its sponsor, with no funding of their own",
    query: sql`select c.id, c.campaign_id, c.campaign_index, c.amount_minor from coupons c
        left join campaigns m on m.id = c.campaign_id
      where c.campaign_id is not null and (m.id is null or c.campaign_index < 0 or c.campaign_index >= m.issued_count
        or not c.funded or c.amount_minor <> m.amount_minor or c.currency <> m.currency
        or c.requester_party_id <> m.sponsor_party_id or c.parent_id is not null
        or ${hasPosting("funding", sql`c.id`)})
      union all
      select null, m.id, m.issued_count, count(c.id) from campaigns m
        left join coupons c on c.campaign_id = m.id
      group by m.id having count(c.id) <> m.issued_count`,
  },
  // Invariant 5's "each posting in at most one run" holds by construction: a posting's run is derived
  // (scrip_posting_run_id: the first run ending after it and snapshotted after its transaction, never a
  // settlement posting), so what can break is a statement disagreeing with the postings its run billed, or the
  // runs' bounds not growing (which would let a later run bill postings an earlier one already did).
  {
    invariant: 5,
    message: "a statement's total differs from the postings of its run for that party and currency",
    query: sql`with ${runsInOrderCte},
      member as (select p.debit_account_id, p.credit_account_id, p.amount_minor, ${postingRunIdSql("p")} as run_id
        from postings p cross join runs_in_order),
      covered as (
        select m.run_id, a.party_id, a.currency, sum(side.amount) as net
        from member m
        cross join lateral (values (m.debit_account_id, m.amount_minor), (m.credit_account_id, -m.amount_minor))
          as side(account_id, amount)
        join ledger_accounts a on a.id = side.account_id and a.kind = 'party'
        where m.run_id is not null group by m.run_id, a.party_id, a.currency)
      select coalesce(s.id, c.run_id) as id, coalesce(s.kind::text, 'missing statement') as kind,
        coalesce(s.amount_minor, 0) as amount_minor, coalesce(c.net, 0) as postings_net
      from statements s full join covered c on c.run_id = s.run_id and c.party_id = s.party_id and c.currency = s.currency
      where coalesce(case when s.kind = 'invoice' then s.amount_minor else -s.amount_minor end, 0) <> coalesce(c.net, 0)
      union all
      select s.id, 'statement without its run or party', s.amount_minor, 0 from statements s
      where not exists (select 1 from charging_runs r where r.id = s.run_id)
         or not exists (select 1 from parties pa where pa.id = s.party_id)`,
  },
  {
    invariant: 5,
    message: "charging runs' bounds do not both grow with the period end, so a posting could be in two runs",
    query: sql`select id, period_end, snapshot_xmin::text, previous_xmin::text from (
        select id, period_end, snapshot_xmin, lag(snapshot_xmin) over (order by period_end) as previous_xmin
        from charging_runs) r
      where snapshot_xmin < previous_xmin`,
  },
  {
    invariant: 5,
    message:
      "a settlement posting does not match its statement (party, amount, direction) or a statement is settled without one",
    query: sql`select s.id, s.status::text as status, s.amount_minor, p.id as posting_id from statements s
      left join postings p on p.id = s.settlement_posting_id
      left join ledger_accounts a on a.id = (case when s.kind = 'invoice' then p.credit_account_id else p.debit_account_id end)
      left join ledger_accounts o on o.id = (case when s.kind = 'invoice' then p.debit_account_id else p.credit_account_id end)
      where (s.status = 'settled') <> (p.id is not null)
         or (p.id is not null and (p.amount_minor <> s.amount_minor or p.currency <> s.currency
              or p.statement_id is distinct from s.id
              or p.kind::text <> (case when s.kind = 'invoice' then 'invoice_settled' else 'payout_sent' end)
              or a.party_id is distinct from s.party_id or o.kind <> 'issuer_settlement'))`,
  },
  {
    invariant: 5,
    message:
      "a payout's sends and returns do not add up: sent minus returned must be 1 while settled and 0 while open, each the statement's amount, and a settled payout must point at its unreturned send",
    query: sql`with per as (
        select s.id, s.kind::text as kind, s.status::text as status, s.amount_minor, s.currency, s.settlement_posting_id,
          count(*) filter (where p.kind = 'payout_sent') as sent,
          count(*) filter (where p.kind = 'payout_returned') as returned,
          count(*) filter (where p.kind = 'invoice_settled') as invoice_settled,
          bool_or(p.id is not null and (p.amount_minor <> s.amount_minor or p.currency <> s.currency)) as wrong_amount
        from statements s left join postings p on p.statement_id = s.id
        group by s.id)
      select id, kind, status, sent, returned from per
      where wrong_amount
         or (kind = 'payout' and (invoice_settled > 0
              or sent - returned <> (case when status = 'settled' then 1 else 0 end)
              or (status = 'settled' and exists (select 1 from postings r where r.reverses_posting_id = per.settlement_posting_id))))
         or (kind = 'invoice' and (sent > 0 or returned > 0 or invoice_settled > 1))`,
  },
  {
    invariant: 5,
    message:
      "a payout_returned does not reverse a payout_sent of its statement (same amount and currency, accounts swapped, written after it)",
    query: sql`select r.id, r.statement_id, r.reverses_posting_id from postings r
      left join postings p on p.id = r.reverses_posting_id
      where r.kind = 'payout_returned'
        and (p.id is null or p.kind <> 'payout_sent' or p.statement_id is distinct from r.statement_id
          or p.amount_minor <> r.amount_minor or p.currency <> r.currency
          or p.debit_account_id <> r.credit_account_id or p.credit_account_id <> r.debit_account_id
          or p.created_at > r.created_at)`,
  },
  {
    invariant: 6,
    message: "a coupon's event chain is broken (sequence or previous hash)",
    query: sql`select coupon_id, seq, previous_seq from (
        select coupon_id, seq, prev_hash, lag(seq) over w as previous_seq, lag(hash) over w as previous_hash
        from coupon_events window w as (partition by coupon_id order by seq)) e
      where (previous_seq is null and (seq <> 1 or prev_hash is not null))
         or (previous_seq is not null and (seq <> previous_seq + 1 or prev_hash is distinct from previous_hash))`,
  },
  {
    invariant: 6,
    message: "a coupon's last event does not agree with its status, version or owner",
    query: sql`select c.id, c.status, c.version, c.owner_party_id, l.kind as last_kind, l.version as last_version,
        o.to_party_id as last_owner
      from coupons c
      left join lateral (select kind, version from coupon_events e where e.coupon_id = c.id order by seq desc limit 1) l on true
      left join lateral (select to_party_id, version from coupon_events e where e.coupon_id = c.id
                           and kind in ('issued', 'accepted') order by seq desc limit 1) o on true
      where l.kind is null or l.version <> c.version or ${statusOfLastEvent} <> c.status::text
         or o.to_party_id is distinct from c.owner_party_id or o.version <> c.version`,
  },
  {
    invariant: 5,
    message:
      "a bank credit matched to an invoice does not settle it (invoice open, other posting, amount or currency differs)",
    query: sql`select c.id, c.status, c.statement_id, c.posting_id, c.amount_minor, s.amount_minor as invoice_amount
      from bank_credits c left join statements s on s.id = c.statement_id
      where c.status in ('matched', 'matched_by_hand')
        and (s.id is null or s.kind <> 'invoice' or s.status <> 'settled'
          or s.settlement_posting_id is distinct from c.posting_id or s.currency <> c.currency
          or (c.status = 'matched' and s.amount_minor <> c.amount_minor))`,
  },
  {
    invariant: 5,
    message: "a bank credit key or an invoice's settlement is recorded on more than one bank credit",
    query: sql`select credit_key as key, count(*) as n from bank_credits group by credit_key having count(*) > 1
      union all
      select statement_id, count(*) from bank_credits where status in ('matched', 'matched_by_hand')
      group by statement_id having count(*) > 1`,
  },
  {
    invariant: 5,
    message: "an invoice has no payment reference, or a payout has one",
    query: sql`select id, kind::text as kind from statements
      where (kind = 'invoice') <> (creditor_reference is not null)`,
  },
];
