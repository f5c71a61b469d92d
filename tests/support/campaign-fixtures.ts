import { randomBytes } from "node:crypto";
import type { DbOrTx } from "../../db/client";
import { campaignRecipients, campaigns } from "../../db/schema";
import { encryptClaimCodeSecret } from "../../lib/campaigns/claim-code-secret";
import { newId } from "../../lib/ids";

/**
 * A running campaign inserted directly (the campaign domain — create, approve, start — is built separately): a
 * fixture for the issuing engine's tests and benchmark. Its `authorization` says so instead of holding the
 * creator's passkey assertion.
 */
export async function insertRunningCampaign(
  db: DbOrTx,
  input: {
    sponsorPartyId: string;
    createdByUserId?: string | null;
    kind: "recipients" | "claim_codes";
    couponCount: number;
    amountMinor?: bigint;
    currency?: string;
    recipients?: string[];
    expiresAt?: Date;
  },
): Promise<{ campaignId: string; secret: Buffer | null }> {
  const campaignId = newId("campaign");
  const secret = input.kind === "claim_codes" ? randomBytes(32) : null;
  await db.insert(campaigns).values({
    id: campaignId,
    sponsorPartyId: input.sponsorPartyId,
    createdByUserId: input.createdByUserId ?? null,
    name: "Engine fixture",
    kind: input.kind,
    amountMinor: input.amountMinor ?? 500n,
    currency: input.currency ?? "EUR",
    couponCount: input.couponCount,
    couponExpiresAt: input.expiresAt ?? new Date(Math.floor(Date.now() / 1000) * 1000 + 30 * 86_400_000),
    status: "running",
    authorization: { fixture: "issuing-engine test or benchmark fixture; no passkey assertion" },
    claimCodeSecret: secret ? encryptClaimCodeSecret(secret, campaignId) : null,
    startedAt: new Date(),
  });
  if (input.kind === "recipients") {
    const recipients = input.recipients ?? [];
    if (recipients.length !== input.couponCount) throw new Error("one recipient per coupon");
    for (let start = 0; start < recipients.length; start += 1000) {
      await db
        .insert(campaignRecipients)
        .values(
          recipients
            .slice(start, start + 1000)
            .map((partyId, k) => ({ campaignId, index: start + k, partyId })),
        );
    }
  }
  return { campaignId, secret };
}
