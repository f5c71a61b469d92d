"use client";

import { type FormEvent, useId, useState } from "react";
import {
  creditLimitOptionsAction,
  reinstatePartyAction,
  reinstatePartyOptionsAction,
  setCreditLimitAction,
  suspendPartyAction,
  suspendPartyOptionsAction,
} from "@/app/(admin)/admin/parties/actions";
import { dangerButton, primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";
import { StatusMessage } from "@/components/ui/status-message";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { plural } from "@/lib/words/plural";
import { ReasonField } from "./reason-field";
import { usePasskeyConfirmed } from "./use-passkey-confirmed";

/**
 * Sets a party's credit limit in one currency (an amount of that currency, 0 to block, empty for the default),
 * for a reason, with a passkey.
 */
export function CreditLimitForm({ partyId, currencies }: { partyId: string; currencies: string[] }) {
  const ids = useId();
  const [currency, setCurrency] = useState(currencies[0] ?? "EUR");
  const [limit, setLimit] = useState("");
  const { busy, status, reason, setReason, confirm } = usePasskeyConfirmed();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = { partyId, currency, limit: limit.trim(), reason: reason.trim() };
    return confirm(
      () => creditLimitOptionsAction(input),
      (stepUp) => setCreditLimitAction({ ...input, stepUp }),
      (data) =>
        data.limitMinor === null
          ? `Credit limit in ${data.currency} reset to the default.`
          : `Credit limit in ${data.currency} set to ${formatMoney(moneyOf(BigInt(data.limitMinor), data.currency))}.`,
    );
  };
  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-xl border border-stone-200 bg-white p-5">
      <h2 className="text-lg font-semibold">Credit limit</h2>
      <p className="text-sm text-stone-700">
        Each currency has its own limit. Leave the amount empty to go back to the default; 0 stops new
        requests in that currency.
      </p>
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="space-y-1">
          <label htmlFor={`${ids}-currency`} className="block text-sm font-medium">
            Currency
          </label>
          <select
            id={`${ids}-currency`}
            className={textInput}
            value={currency}
            onChange={(event) => setCurrency(event.target.value)}
          >
            {currencies.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${ids}-limit`} className="block text-sm font-medium">
            Limit (empty: default)
          </label>
          <input
            id={`${ids}-limit`}
            className={textInput}
            inputMode="decimal"
            maxLength={24}
            placeholder="2500.00"
            value={limit}
            onChange={(event) => setLimit(event.target.value)}
          />
        </div>
        <ReasonField label="Reason for the change" value={reason} onChange={setReason} />
      </div>
      <button type="submit" className={primaryButton} disabled={busy}>
        Set credit limit with passkey
      </button>
      <StatusMessage status={status} />
    </form>
  );
}

/** Suspends (ending sessions, stopping transfers out) or reinstates a party, for a reason, with a passkey. */
export function PartyStatusForm({ partyId, suspended }: { partyId: string; suspended: boolean }) {
  const { busy, status, reason, setReason, confirm } = usePasskeyConfirmed();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = { partyId, reason: reason.trim() };
    return suspended
      ? confirm(
          () => reinstatePartyOptionsAction(input),
          (stepUp) => reinstatePartyAction({ ...input, stepUp }),
          () => "Reinstated: the account may act again (after signing in).",
        )
      : confirm(
          () => suspendPartyOptionsAction(input),
          (stepUp) => suspendPartyAction({ ...input, stepUp }),
          (data) => `Suspended; ${plural(data.endedSessions, "session")} ended.`,
        );
  };
  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-xl border border-stone-200 bg-white p-5">
      <h2 className="text-lg font-semibold">{suspended ? "Reinstate" : "Suspend"}</h2>
      <p className="text-sm text-stone-700">
        {suspended
          ? "Reinstating lets this party sign in, request coupons and give them again."
          : "Suspending ends every session of this account at once and stops new transfers out and new requests."}
      </p>
      <ReasonField label="Reason" value={reason} onChange={setReason} />
      <button type="submit" className={suspended ? secondaryButton : dangerButton} disabled={busy}>
        {suspended ? "Reinstate with passkey" : "Suspend with passkey"}
      </button>
      <StatusMessage status={status} />
    </form>
  );
}
