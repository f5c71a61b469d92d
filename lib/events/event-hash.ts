import { createHash } from "node:crypto";
import { canonicalJson, type Json } from "@/lib/auth/canonical-json";

export type JsonObject = { [key: string]: Json };

/** What one coupon event records. `data` holds the recorded authorization or signature, when any. */
export interface CouponEventInput {
  couponId: string;
  kind:
    | "requested"
    | "issued"
    | "offered"
    | "accepted"
    | "declined"
    | "cancelled"
    | "expired"
    | "transfer_expired"
    | "split"
    | "converted"
    | "voided"
    | "revoked"
    | "funded";
  actorPartyId: string | null;
  actorUserId: string | null;
  fromPartyId: string | null;
  toPartyId: string | null;
  /** Coupon version after the event. */
  version: number;
  transferId: string | null;
  data: JsonObject;
  at: Date;
}

/** Drops `undefined` members exactly as a jsonb round trip does, so the hash matches what is stored. */
export function normalizeJson<T>(value: T): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

/** The canonical text of an event (keys sorted at every level); its hash input together with seq and prevHash. */
export function eventBody(event: CouponEventInput): string {
  return canonicalJson({
    kind: event.kind,
    couponId: event.couponId,
    actorPartyId: event.actorPartyId,
    actorUserId: event.actorUserId,
    fromPartyId: event.fromPartyId,
    toPartyId: event.toPartyId,
    version: event.version,
    transferId: event.transferId,
    data: event.data,
    at: event.at.toISOString(),
  });
}

/**
 * hash = SHA-256(prevHash || "|" || seq || "|" || body), hex. The database computes the same expression when it
 * appends (so the previous hash is read under the coupon lock in the same statement); code recomputes it to
 * verify.
 */
export function eventHash(prevHash: string | null, seq: number, body: string): string {
  return createHash("sha256")
    .update(`${prevHash ?? ""}|${seq}|${body}`, "utf8")
    .digest("hex");
}
