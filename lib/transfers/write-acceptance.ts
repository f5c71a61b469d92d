import type { Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import type { PasskeyAuthorization } from "@/lib/auth/passkey-authorization";
import type { CouponRow } from "@/lib/coupons/lock-coupon";
import type { OwnerAttestation } from "@/lib/coupons/sign-coupon-parts";
import { AppError } from "@/lib/errors";
import { couponEventAppendText } from "@/lib/events/append-coupon-event";
import { eventBody, normalizeJson } from "@/lib/events/event-hash";
import { newId } from "@/lib/ids";
import { noteOwnerChanges } from "@/lib/observability/work-context";
import type { TransferRow } from "./lock-transfer";

/**
 * The accept's one statement, prepared. Parameters: $1 transfer, $2 acceptor party, $3 the transfer's compact
 * authorization reference, $4 time, $5 coupon, $6 new version, $7 version read under the lock, $8 the event's
 * canonical body (its data holds the recorded assertion and the owner attestation: sent once, read from here),
 * $9 event id, $10 acceptor user, $11 previous owner; when funding, $12 posting id, $13 amount, $14 currency,
 * $15 requester party.
 */
function acceptStatement(funding: boolean): string {
  const event = couponEventAppendText(
    {
      id: "$9",
      couponId: "$5",
      kind: "'accepted'",
      actorPartyId: "$2",
      actorUserId: "$10",
      fromPartyId: "$11",
      toPartyId: "$2",
      version: "$6",
      transferId: "$1",
      body: "$8",
      data: "(select data from b)",
      at: "$4",
    },
    "exists (select 1 from c)",
  );
  const posting = funding
    ? `, p as (insert into postings (id, kind, debit_account_id, credit_account_id, amount_minor, currency, coupon_id, created_at)
        select $12, 'funding', d.id, o.id, $13::bigint, $14, c.id, $4::timestamptz
        from c, ledger_accounts d, ledger_accounts o
        where d.kind = 'party' and d.party_id = $15 and d.currency = $14
          and o.kind = 'issuer_outstanding' and o.party_id is null and o.currency = $14
        returning id)`
    : "";
  return `
    with b as (select ($8::text)::jsonb -> 'data' as data),
    t as (
      update transfers set status = 'accepted', accepted_by_party_id = $2,
        acceptor_authorization = $3::jsonb, decided_at = $4::timestamptz
      where id = $1 and status = 'pending'
      returning id),
    c as (
      update coupons set owner_party_id = $2, version = $6::int, status = 'active',
        funded = true, owner_attestation = (select data -> 'ownerAttestation' from b), updated_at = $4::timestamptz
      where id = $5 and version = $7::int and status = 'offered' and exists (select 1 from t)
      returning id),
    e as (${event})
    ${posting}
    select (select count(*) from c)::int as changed, ${funding ? "(select count(*) from p)::int" : "0"} as funded`;
}
const acceptStatements = { funding: acceptStatement(true), plain: acceptStatement(false) };

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
  const body = eventBody({
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
  });
  const parameters: unknown[] = [
    transfer.id,
    acceptor.partyId,
    recorded,
    at,
    coupon.id,
    version,
    coupon.version,
    body,
    newId("couponEvent"),
    acceptor.userId,
    coupon.ownerPartyId,
  ];
  if (needsFunding) {
    parameters.push(postingId, coupon.amountMinor.toString(), coupon.currency, coupon.requesterPartyId);
  }
  const [result] = await preparedQuery(
    tx,
    needsFunding ? acceptStatements.funding : acceptStatements.plain,
    parameters,
  );
  if (Number(result?.changed) !== 1)
    throw new AppError("TRANSFER_NOT_PENDING", "This transfer is no longer pending.");
  if (needsFunding && Number(result?.funded) !== 1)
    throw new Error(`funding posting for ${coupon.id} was not written`);
  noteOwnerChanges([transfer.id]);
  return { funded: needsFunding };
}
