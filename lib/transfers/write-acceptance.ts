import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { column, queryRow } from "@/db/rows";
import type { PasskeyAuthorization } from "@/lib/auth/passkey-authorization";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import type { OwnerAttestation } from "@/lib/coupons/sign-coupon-parts";
import { AppError } from "@/lib/errors";
import { couponEventInsert } from "@/lib/events/append-coupon-event";
import { normalizeJson } from "@/lib/events/event-hash";
import { newId } from "@/lib/ids";
import type { TransferRow } from "./lock-transfer";

const acceptedRow = { changed: column.int, funded: column.int };

/**
 * The owner change of an accept as one statement (one round trip): the transfer's guarded acceptance, the
 * coupon's guarded owner/version update (only if the transfer was still pending), the `accepted` event, and —
 * for an unfunded coupon — the funding posting (requester debited, issuer:outstanding credited). The caller
 * holds the coupon lock; the ledger accounts exist since issuance. Returns whether this accept funded it.
 */
export async function writeAcceptance(
  tx: Tx,
  input: {
    transfer: TransferRow;
    coupon: CouponRow;
    acceptor: { partyId: string; userId: string | null };
    authorization: PasskeyAuthorization | null;
    owner: OwnerAttestation;
    at: Date;
  },
): Promise<{ funded: boolean }> {
  const { transfer, coupon, acceptor, owner } = input;
  const version = coupon.version + 1;
  const needsFunding = !coupon.funded;
  const postingId = needsFunding ? newId("posting") : null;
  const at = input.at.toISOString();
  // The full assertion is recorded once, in the hash-chained event; the transfer keeps a compact reference.
  const recorded = JSON.stringify(
    input.authorization
      ? {
          kind: "passkey",
          userId: input.authorization.userId,
          credentialId: input.authorization.credentialId,
          digest: input.authorization.digest,
          recordedIn: "coupon_events",
        }
      : { kind: "issuer", kid: owner.kid },
  );
  const event = couponEventInsert(
    {
      couponId: coupon.id,
      kind: "accepted",
      actorPartyId: acceptor.partyId,
      actorUserId: acceptor.userId,
      fromPartyId: coupon.ownerPartyId,
      toPartyId: acceptor.partyId,
      version,
      transferId: transfer.id,
      data: normalizeJson({
        authorization: input.authorization,
        ownerAttestation: owner,
        fundingPostingId: postingId,
      }),
      at: input.at,
    },
    { onlyIf: sql`exists (select 1 from c)` },
  );
  const funding = needsFunding
    ? sql`, p as (insert into postings (id, kind, debit_account_id, credit_account_id, amount_minor, currency, coupon_id, created_at)
        select ${postingId}, 'funding', d.id, o.id, ${coupon.amountMinor.toString()}::bigint, ${coupon.currency}, c.id, ${at}::timestamptz
        from c, ledger_accounts d, ledger_accounts o
        where d.kind = 'party' and d.party_id = ${coupon.requesterPartyId} and d.currency = ${coupon.currency}
          and o.kind = 'issuer_outstanding' and o.party_id is null and o.currency = ${coupon.currency}
        returning id)`
    : sql``;
  const result = await queryRow(
    tx,
    acceptedRow,
    sql`
    with t as (
      update transfers set status = 'accepted', accepted_by_party_id = ${acceptor.partyId},
        acceptor_authorization = ${recorded}::jsonb, decided_at = ${at}::timestamptz
      where id = ${transfer.id} and status = 'pending'
      returning id),
    c as (
      update coupons set owner_party_id = ${acceptor.partyId}, version = ${version}::int, status = 'active',
        funded = true, owner_attestation = ${JSON.stringify(owner)}::jsonb, updated_at = ${at}::timestamptz
      where id = ${coupon.id} and version = ${coupon.version}::int and status = 'offered' and exists (select 1 from t)
      returning id),
    e as (${event})
    ${funding}
    select (select count(*) from c)::int as changed, ${needsFunding ? sql`(select count(*) from p)::int` : sql`0`} as funded`,
  );
  if (result?.changed !== 1)
    throw new AppError("TRANSFER_NOT_PENDING", "This transfer is no longer pending.");
  if (needsFunding && result.funded !== 1)
    throw new Error(`funding posting for ${coupon.id} was not written`);
  return { funded: needsFunding };
}
