import { sql } from "drizzle-orm";
import { pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { issuerKeyPurpose, issuerKeyStatus } from "./enums";

/** The issuer's Ed25519 keys. Private keys are stored encrypted (AES-256-GCM) with a key from the environment. */
export const issuerKeys = pgTable(
  "issuer_keys",
  {
    /** The JWKS `kid`. */
    id: text("id").primaryKey(),
    purpose: issuerKeyPurpose("purpose").notNull(),
    status: issuerKeyStatus("status").notNull().default("active"),
    /** base64url raw 32-byte Ed25519 public key (the JWK `x`). */
    publicKey: text("public_key").notNull(),
    /** AES-256-GCM ciphertext of the PKCS#8 private key: base64url(iv).base64url(tag).base64url(data). */
    privateKeyEncrypted: text("private_key_encrypted").notNull(),
    createdAt: createdAt(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("issuer_keys_one_active_per_purpose").on(t.purpose).where(sql`${t.status} = 'active'`)],
);
