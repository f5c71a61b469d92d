import { verify } from "node:crypto";
import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaigns, couponEvents, coupons, transfers, users } from "@/db/schema";
import type { PasskeyAuthorization } from "@/lib/auth/passkey-authorization";
import { valuePayload } from "@/lib/coupons/coupon-payloads";
import type { OwnerAttestation } from "@/lib/coupons/sign-coupon-parts";
import { AppError } from "@/lib/errors";
import { loadIssuerKeys } from "@/lib/keys/load-issuer-keys";
import {
  checkHistoryEvent,
  checkIssuedEvent,
  type HistoryContext,
  ownerAttestationValid,
  type ReplayState,
} from "./check-history-event";
import { eventBody, eventHash, type JsonObject } from "./event-hash";

export const maxHistoryEvents = 10_000;

/**
 * Re-checks a coupon's whole history offline: the hash chain, the value signature, every recorded passkey
 * authorization against the exact operation rebuilt from stored state (and that its signer belongs to the
 * party it speaks for), every owner attestation, the state machine, and that the replayed state agrees with
 * the coupon's status, owner and version. Returns the problems found; none means the history verifies.
 */
export async function verifyCouponHistory(
  db: DbOrTx,
  couponId: string,
): Promise<{ ok: boolean; problems: string[] }> {
  const [coupon] = await db.select().from(coupons).where(eq(coupons.id, couponId));
  if (!coupon) throw new AppError("NOT_FOUND", "No such coupon.");
  const events = await db
    .select()
    .from(couponEvents)
    .where(eq(couponEvents.couponId, couponId))
    .orderBy(asc(couponEvents.seq))
    .limit(maxHistoryEvents);
  const transferRows = await db.select().from(transfers).where(eq(transfers.couponId, couponId));
  const signers = new Set<string>();
  for (const event of events) {
    const authorization = (event.data as { authorization?: PasskeyAuthorization | null }).authorization;
    if (authorization?.userId) signers.add(authorization.userId);
  }
  const userRows = signers.size
    ? await db
        .select({ id: users.id, partyId: users.partyId })
        .from(users)
        .where(inArray(users.id, [...signers]))
    : [];
  const [parent] = coupon.parentId
    ? await db.select().from(coupons).where(eq(coupons.id, coupon.parentId))
    : [];
  const [campaign] = coupon.campaignId
    ? await db.select().from(campaigns).where(eq(campaigns.id, coupon.campaignId))
    : [];
  const context: HistoryContext = {
    campaign,
    coupon,
    keys: await loadIssuerKeys(db),
    transfers: new Map(transferRows.map((row) => [row.id, row])),
    userParty: new Map(userRows.map((row) => [row.id, row.partyId])),
  };
  const problems: string[] = [];
  let previousHash: string | null = null;
  for (const [index, event] of events.entries()) {
    const body = eventBody({ ...event, data: event.data as JsonObject, at: event.createdAt });
    if (event.seq !== index + 1 || event.prevHash !== previousHash)
      problems.push(`event ${event.seq}: chain link broken`);
    if (eventHash(event.prevHash, event.seq, body) !== event.hash)
      problems.push(`event ${event.seq}: hash mismatch`);
    previousHash = event.hash;
  }
  const first = events[0];
  if (!first) return { ok: false, problems: ["the coupon has no history"] };
  problems.push(...(await checkIssuedEvent(context, first, parent)));
  const valueKey = context.keys.get(coupon.valueKid);
  const valueValid =
    valueKey?.purpose === "value" &&
    verify(
      null,
      Buffer.from(valuePayload({ kid: coupon.valueKid, couponId: coupon.id, ...coupon })),
      valueKey.key,
      Buffer.from(coupon.valueSignature, "base64url"),
    );
  if (!valueValid) problems.push("the value signature does not verify");
  let state: ReplayState = { ownerPartyId: first.toPartyId ?? "", version: 1, status: "active" };
  for (const event of events.slice(1)) {
    const result = await checkHistoryEvent(context, state, event);
    problems.push(...result.problems);
    state = result.state;
  }
  if (
    state.status !== coupon.status ||
    state.ownerPartyId !== coupon.ownerPartyId ||
    state.version !== coupon.version
  ) {
    problems.push(
      `the history ends at ${state.status}/${state.ownerPartyId}/v${state.version} but the coupon is ${coupon.status}/${coupon.ownerPartyId}/v${coupon.version}`,
    );
  }
  const current = coupon.ownerAttestation as OwnerAttestation;
  if (!ownerAttestationValid(context.keys, coupon.id, current, coupon.ownerPartyId, coupon.version)) {
    problems.push("the coupon's current owner attestation does not verify");
  }
  return { ok: problems.length === 0, problems };
}
