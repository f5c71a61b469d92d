import { createHash, randomBytes } from "node:crypto";

/** How long a verification link works. */
export const verificationTokenHours = 24;

/** A fresh verification token (256 random bits, base64url): it goes only into the email. */
export const newVerificationToken = () => randomBytes(32).toString("base64url");

/** What the database keeps of a token: its SHA-256, hex. */
export const hashVerificationToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The page a verification link opens. */
export const verificationPath = (token: string) => `/wallet/settings/email/verify?token=${token}`;
