import type { Currency } from "@/lib/money/currencies";
import { parseCurrencyTable } from "@/lib/money/currency-table";

/**
 * Limits on issuance, from the environment. Amounts are whole major units: a bare number is the default for
 * every currency, `CUR=n` overrides one currency, e.g. `SCRIP_APPROVAL_THRESHOLD="200,JPY=30000"`.
 */
export interface IssuanceLimits {
  /** Largest single coupon. */
  couponMaximumMinor(currency: Currency): bigint;
  /** Coupons above this wait for an admin's approval. */
  approvalThresholdMinor(currency: Currency): bigint;
  /** Unfunded + unbilled value a party may hold as requester when it has no credit limit of its own. */
  defaultCreditLimitMinor(currency: Currency): bigint;
  /** Issuance requests per party per hour. */
  requestsPerHour: number;
}

const zeroExponentDefaults = "JPY=150000,KRW=1500000,CLP=1000000,ISK=150000,UGX=4000000,VND=25000000";

const parseMajorTable = (text: string, name: string) =>
  parseCurrencyTable(text, { name, unit: "major", example: "200,JPY=30000" });

/** Reads the limits (defaults: maximum 1000, approval above 200, credit 2000 major units; 30 requests/hour). */
export function getIssuanceLimits(env: Record<string, string | undefined> = process.env): IssuanceLimits {
  const requestsPerHour = Number(env.SCRIP_ISSUANCE_REQUESTS_PER_HOUR ?? 30);
  if (!Number.isSafeInteger(requestsPerHour) || requestsPerHour < 1) {
    throw new Error("SCRIP_ISSUANCE_REQUESTS_PER_HOUR must be a positive whole number");
  }
  return {
    couponMaximumMinor: parseMajorTable(
      env.SCRIP_COUPON_MAXIMUM ?? `1000,${zeroExponentDefaults}`,
      "SCRIP_COUPON_MAXIMUM",
    ),
    approvalThresholdMinor: parseMajorTable(
      env.SCRIP_APPROVAL_THRESHOLD ?? "200,JPY=30000,KRW=300000,CLP=200000,ISK=30000,UGX=800000,VND=5000000",
      "SCRIP_APPROVAL_THRESHOLD",
    ),
    defaultCreditLimitMinor: parseMajorTable(
      env.SCRIP_DEFAULT_CREDIT_LIMIT ??
        "2000,JPY=300000,KRW=3000000,CLP=2000000,ISK=300000,UGX=8000000,VND=50000000",
      "SCRIP_DEFAULT_CREDIT_LIMIT",
    ),
    requestsPerHour,
  };
}
