import "server-only";
import { createHmac } from "node:crypto";
import { canonicalJson } from "@/lib/auth/canonical-json";
import { decryptPrivateKey, encryptPrivateKey, getKeyEncryptionKey } from "@/lib/keys/key-encryption";
import type { PayoutAccount } from "./payout-account-input";

/** IBANs are encrypted at rest with the key-encryption key (AES-256-GCM), bound to their party. */
const purpose = "payout-iban";

export const encryptPayoutIban = (iban: string, partyId: string): string =>
  encryptPrivateKey(Buffer.from(iban, "utf8"), partyId, purpose);

/** Only readPayoutIbanForExport calls this: the clear IBAN never leaves the server's export path. */
export const decryptPayoutIban = (encrypted: string, partyId: string): string =>
  decryptPrivateKey(encrypted, partyId, purpose).toString("utf8");

/**
 * A keyed digest of a payout account's details (HMAC-SHA256 under the key-encryption key), for the passkey
 * operation: the stored challenge digest then commits to the exact account without letting anyone holding the
 * database guess IBANs against it.
 */
export function payoutDetailsDigest(account: PayoutAccount): string {
  const details = canonicalJson({
    iban: account.iban,
    bic: account.bic,
    holderName: account.holderName,
  });
  return createHmac("sha256", getKeyEncryptionKey())
    .update(`scrip-payout-account:${details}`)
    .digest("base64url");
}
