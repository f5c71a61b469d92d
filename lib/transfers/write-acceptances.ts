import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import type { OwnerAttestation } from "@/lib/coupons/sign-coupon-parts";
import { eventBody, normalizeJson } from "@/lib/events/event-hash";
import { newId } from "@/lib/ids";
import { noteOwnerChanges } from "@/lib/observability/work-context";
import type { TransferRow } from "./lock-transfer";

const writtenRow = { changed: column.int, events: column.int, funded: column.int };

/**
 * writeAcceptance for many issuer-attested accepts at once (a shop's batch), in one statement: each transfer's
 * guarded acceptance, its coupon's guarded owner/version update, the `accepted` event appended to the coupon's
 * hash chain, and for an unfunded coupon the funding posting. The rows are exactly those writeAcceptance writes
 * for a shop (no passkey assertion; the issuer's owner attestation). The caller holds every coupon's lock, and a
 * coupon appears at most once; anything but every row written is a bug, and the caller's transaction is aborted.
 */
export async function writeAcceptances(
  tx: Tx,
  input: {
    items: { transfer: TransferRow; coupon: CouponRow; owner: OwnerAttestation }[];
    acceptor: { partyId: string; userId: string | null };
    at: Date;
  },
): Promise<void> {
  const { acceptor, at } = input;
  if (input.items.length === 0) return;
  let needsFunding = 0;
  const rows = input.items.map(({ transfer, coupon, owner }) => {
    const postingId = coupon.funded ? null : newId("posting");
    if (postingId) needsFunding++;
    const data = normalizeJson({ authorization: null, ownerAttestation: owner, fundingPostingId: postingId });
    const body = eventBody({
      couponId: coupon.id,
      kind: "accepted",
      actorPartyId: acceptor.partyId,
      actorUserId: acceptor.userId,
      fromPartyId: coupon.ownerPartyId,
      toPartyId: acceptor.partyId,
      version: coupon.version + 1,
      transferId: transfer.id,
      data,
      at,
    });
    return {
      transfer_id: transfer.id,
      coupon_id: coupon.id,
      from_version: coupon.version,
      from_party_id: coupon.ownerPartyId,
      owner_attestation: owner,
      recorded: { kind: "issuer", kid: owner.kid },
      event_id: newId("couponEvent"),
      event_data: data,
      event_body: body,
      posting_id: postingId,
      requester_party_id: coupon.requesterPartyId,
      amount_minor: coupon.amountMinor.toString(),
      currency: coupon.currency,
    };
  });
  const when = at.toISOString();
  const result = await queryRow(
    tx,
    writtenRow,
    sql`
    with v as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(transfer_id text, coupon_id text,
        from_version int, from_party_id text, owner_attestation jsonb, recorded jsonb, event_id text,
        event_data jsonb, event_body text, posting_id text, requester_party_id text, amount_minor bigint,
        currency text)),
    t as (
      update transfers set status = 'accepted', accepted_by_party_id = ${acceptor.partyId},
        acceptor_authorization = v.recorded, decided_at = ${when}::timestamptz
      from v where transfers.id = v.transfer_id and transfers.status = 'pending'
      returning transfers.id),
    c as (
      update coupons set owner_party_id = ${acceptor.partyId}, version = v.from_version + 1, status = 'active',
        funded = true, owner_attestation = v.owner_attestation, updated_at = ${when}::timestamptz
      from v where coupons.id = v.coupon_id and coupons.version = v.from_version and coupons.status = 'offered'
        and exists (select 1 from t where t.id = v.transfer_id)
      returning coupons.id),
    e as (
      insert into coupon_events (id, coupon_id, seq, kind, actor_party_id, actor_user_id, from_party_id,
        to_party_id, version, transfer_id, data, prev_hash, hash, created_at)
      select v.event_id, v.coupon_id, coalesce(l.seq, 0) + 1, 'accepted'::coupon_event_kind, ${acceptor.partyId},
        ${acceptor.userId}, v.from_party_id, ${acceptor.partyId}, v.from_version + 1, v.transfer_id, v.event_data,
        l.hash,
        encode(sha256(convert_to(coalesce(l.hash, '') || '|' || (coalesce(l.seq, 0) + 1)::text || '|' || v.event_body, 'UTF8')), 'hex'),
        ${when}::timestamptz
      from v join c on c.id = v.coupon_id
      left join lateral (
        select seq, hash from coupon_events where coupon_id = v.coupon_id order by seq desc limit 1
      ) as l on true
      returning id),
    p as (
      insert into postings (id, kind, debit_account_id, credit_account_id, amount_minor, currency, coupon_id, created_at)
      select v.posting_id, 'funding', d.id, o.id, v.amount_minor, v.currency, v.coupon_id, ${when}::timestamptz
      from v join c on c.id = v.coupon_id
        join ledger_accounts d on d.kind = 'party' and d.party_id = v.requester_party_id and d.currency = v.currency
        join ledger_accounts o on o.kind = 'issuer_outstanding' and o.party_id is null and o.currency = v.currency
      where v.posting_id is not null
      returning id)
    select (select count(*) from c)::int as changed, (select count(*) from e)::int as events,
      (select count(*) from p)::int as funded`,
  );
  const expected = input.items.length;
  if (result?.changed !== expected || result.events !== expected || result.funded !== needsFunding) {
    throw new Error(
      `batch acceptance wrote ${JSON.stringify(result)} for ${expected} accepts (${needsFunding} to fund) under their locks`,
    );
  }
  noteOwnerChanges(input.items.map((item) => item.transfer.id));
}
