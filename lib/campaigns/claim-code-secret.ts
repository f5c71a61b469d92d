import "server-only";
import { randomBytes } from "node:crypto";
import { decryptPrivateKey, encryptPrivateKey } from "@/lib/keys/key-encryption";

const purpose = "campaign-claim-codes";

/** A fresh 32-byte secret for a claim-code campaign, encrypted at rest bound to the campaign's id. */
export function newClaimCodeSecret(campaignId: string): string {
  return encryptClaimCodeSecret(randomBytes(32), campaignId);
}

/** A given secret encrypted as newClaimCodeSecret does (test and benchmark fixtures that derive the codes). */
export function encryptClaimCodeSecret(secret: Buffer, campaignId: string): string {
  return encryptPrivateKey(secret, campaignId, purpose);
}

/** The secret a claim-code campaign's codes derive from (lib/campaigns/contract.ts campaignClaimCode). */
export function readClaimCodeSecret(campaignId: string, encrypted: string): Buffer {
  return decryptPrivateKey(encrypted, campaignId, purpose);
}
