import { invoiceDueDays } from "@/lib/charging/invoice-due-days";
import { getIssuanceLimits } from "@/lib/issuance/issuance-limits";
import { recoveryOutflowLimitMinor } from "@/lib/recovery/recovery-outflow-limit";
import { getDualControlThreshold } from "@/lib/settlement/dual-control-threshold";
import { getEnabledCurrencies } from "./enabled-currencies";

/**
 * Reads every money setting once (SCRIP_CURRENCIES, the issuance limits, SCRIP_DUAL_CONTROL_MINOR,
 * SCRIP_RECOVERY_OUTFLOW_LIMIT, SCRIP_INVOICE_DUE_DAYS), so a typo such as an unknown currency code stops the start with a clear
 * message instead of failing the first request.
 */
export function checkMoneySettings(env: Record<string, string | undefined> = process.env): void {
  const [currency = "EUR"] = getEnabledCurrencies(env);
  getIssuanceLimits(env);
  getDualControlThreshold(env);
  recoveryOutflowLimitMinor(currency, env);
  invoiceDueDays(env);
}
