import { createHmac } from "node:crypto";
import type { Db } from "@/db/client";

/**
 * The contract between a campaign's domain (create, approve, pause, cancel, resume, pages) and its issuing engine.
 *
 * A campaign (db/schema/campaigns.ts) is issued in slices of consecutive indexes by the pg-boss job
 * `campaignRunJob`, data `{ campaignId }`. The job issues slice after slice while the campaign is `running`,
 * stops when it is `paused` or `cancelled` (re-reading the status between slices), and sets it `completed` when
 * `issuedCount = couponCount`. Killing the process at any point and running the job again issues every index
 * exactly once: a slice is one transaction that starts by moving `issued_count` from its `fromIndex` to its
 * `toIndex` (`update campaigns set issued_count = $to … where id = $id and issued_count = $from and status =
 * 'running'`: zero rows means another run or a pause got there first, and the slice writes nothing), and
 * `coupons (campaign_id, campaign_index)` is unique.
 *
 * What one slice writes, for each index i in [fromIndex, toIndex), exactly as single issuance and a single offer
 * would (so every campaign coupon is a real coupon, verifiable, acceptable and redeemable everywhere):
 * - a coupon: requester and owner the sponsor, version 1, `funded = true`, status `offered`, `issued_at` the
 *   slice's time in whole seconds, `expires_at` the campaign's `coupon_expires_at`, its value part signed by the
 *   current value key, its owner part attested by the issuer's owner key with basis "issuer"
 *   (lib/coupons/sign-coupon-parts.ts), `campaign_id`, `campaign_index = i`;
 * - its event chain: seq 1 `issued` (data `{ campaignId, index, valueKid, ownerAttestation }`), seq 2 `offered`
 *   (its transfer), hashed as lib/events/append-coupon-event.ts hashes them;
 * - a pending transfer at coupon version 1 from the sponsor: to `campaign_recipients[i].party_id` (kind
 *   `recipients`) or open with `claim_code_hash = hashClaimCode(campaignClaimCode(secret, campaignId, i))` (kind
 *   `claim_codes`); `expires_at` the campaign's `coupon_expires_at`; `transferor_authorization`
 *   `{ basis: "campaign", campaignId }` (the sponsor's passkey assertion is the campaign's `authorization`,
 *   checked once when the campaign was created);
 * and, once per slice: one `campaign_funding` posting debiting the sponsor's party account and crediting
 * issuer:outstanding with (toIndex − fromIndex) × amount, and its `campaign_slices` row. Accepting a campaign
 * coupon later posts nothing (it is funded): nobody is charged twice; a coupon never issued is never charged.
 */
export const campaignRunJob = "campaign-run";

/** Coupons per slice (one transaction): large enough to amortise the commit, small enough to pause promptly. */
export const campaignSliceSize = 5_000;

/** Issues coupons [fromIndex, toIndex) of a running campaign in one transaction (see above). */
export type IssueCampaignSlice = (
  db: Db,
  input: { campaignId: string; fromIndex: number; toIndex: number },
) => Promise<{ issued: number }>;

/**
 * The one-time claim code of a claim-code campaign's coupon `index`: HMAC-SHA256 of the campaign's secret over
 * "<campaignId>:<index>", first 128 bits, in the shape of lib/transfers/claim-code.ts's codes. Derived, never
 * stored: the engine stores its hash; the sponsor's CSV of links and QR sheet derive the codes again.
 */
export function campaignClaimCode(secret: Buffer, campaignId: string, index: number): string {
  const mac = createHmac("sha256", secret).update(`${campaignId}:${index}`, "utf8").digest();
  return `scc_${mac.subarray(0, 16).toString("base64url")}`;
}
