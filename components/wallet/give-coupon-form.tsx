"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { findRecipientAction } from "@/app/(wallet)/wallet/coupon-actions";
import { primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { formatMoney, parseMoney } from "@/lib/money/money";
import { plural } from "@/lib/words/plural";
import { GiveAmountField } from "./give-amount-field";
import { type GiveOutcome, GiveResult } from "./give-result";
import { giveWithPasskey, partOf } from "./give-with-passkey";
import { LookUpForm } from "./look-up-form";
import { ShopRecipient } from "./shop-recipient";

const validityChoices = [
  { seconds: 75, label: "About a minute" },
  { seconds: 3_600, label: "1 hour" },
  { seconds: 86_400, label: "1 day" },
  { seconds: 7 * 86_400, label: "7 days" },
];

/**
 * Gives a coupon, all of it or a part (the rest stays in the wallet as a new coupon), to a person found by handle,
 * to a shop found by its address (ShopRecipient), or as a one-time claim link with a QR code. `value` is the coupon's value as decimal text ("10.00").
 */
export function GiveCouponForm({
  couponId,
  pending,
  value,
  currency,
}: {
  couponId: string;
  pending: boolean;
  value: string;
  currency: string;
}) {
  const ids = useId();
  const router = useRouter();
  const [mode, setMode] = useState<"handle" | "shop" | "link">("handle");
  const [handle, setHandle] = useState("");
  const [recipient, setRecipient] = useState<{ handle: string; displayName: string; partyId: string } | null>(
    null,
  );
  const [validity, setValidity] = useState(86_400);
  const { busy, status, run, setStatus } = useActionStatus();
  const [outcome, setOutcome] = useState<GiveOutcome | null>(null);
  const [amount, setAmount] = useState(value);
  const valueMinor = parseMoney(value, currency).amountMinor;
  const part = partOf(amount, currency);
  const money = (amountMinor: bigint) => formatMoney({ amountMinor, currency });
  // When the offer ends (accepted, declined, cancelled or expired) the page refreshes with `pending` false: the
  // "Offered. Waiting for an answer." of the gift is then stale and would contradict the coupon's new state.
  const wasPending = useRef(pending);
  useEffect(() => {
    if (wasPending.current && !pending) setStatus(null);
    wasPending.current = pending;
  }, [pending, setStatus]);

  function lookUp() {
    setRecipient(null);
    return run("Looking up the handle…", async () => {
      const result = await findRecipientAction({ handle });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setRecipient(result.data);
      return null;
    });
  }

  function give(recipientPartyId: string | null) {
    if (part.error !== undefined) {
      setStatus({ kind: "error", text: part.error });
      return;
    }
    return run("Confirm with your passkey…", async () => {
      const result = await giveWithPasskey({
        couponId,
        amount,
        currency,
        recipientPartyId,
        validitySeconds: validity,
      });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      const { context, result: gift } = result.data;
      const code = context.claimCode;
      const given = BigInt(context.giveMinor);
      const several = context.group !== null;
      const made =
        gift.restCouponId && gift.giftCouponId && !several
          ? {
              giftCouponId: gift.giftCouponId,
              giveText: money(given),
              restCouponId: gift.restCouponId,
              restText: money(valueMinor - given),
            }
          : null;
      if (code || made)
        setOutcome({ claimLink: code ? `${window.location.origin}/claim/${code}` : null, part: made });
      router.refresh();
      const rest = made ? ` ${made.restText} stays in your wallet.` : "";
      const from = several
        ? ` ${money(given)} from ${plural(context.group?.couponIds.length ?? 0, "coupon")}, as one gift.`
        : "";
      return {
        kind: "success",
        text: code
          ? `Claim link created. Share it now: it is shown only once.${made ? ` It gives ${made.giveText};${rest}` : from}`
          : made
            ? `Offered ${made.giveText}. Waiting for an answer.${rest}`
            : several
              ? `Offered${from} Waiting for an answer.`
              : "Offered. Waiting for an answer.",
      };
    });
  }

  if (outcome) {
    return (
      <GiveResult
        outcome={outcome}
        status={status}
        onCopied={() => setStatus({ kind: "success", text: "Copied." })}
      />
    );
  }

  // While an offer is pending this form stays mounted (keeping a fresh claim link on screen) but offers nothing.
  if (pending) return <StatusMessage status={status} />;

  return (
    <section
      aria-labelledby={`${ids}-give`}
      className="space-y-4 rounded-xl border border-stone-200 bg-white p-5"
    >
      <h2 id={`${ids}-give`} className="text-xl font-semibold">
        Give this coupon
      </h2>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="sr-only">How to give it</legend>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="radio"
            name={`${ids}-mode`}
            checked={mode === "handle"}
            onChange={() => setMode("handle")}
          />
          To a person
        </label>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="radio"
            name={`${ids}-mode`}
            checked={mode === "shop"}
            onChange={() => setMode("shop")}
          />
          To a shop
        </label>
        <label className="flex min-h-11 items-center gap-2">
          <input
            type="radio"
            name={`${ids}-mode`}
            checked={mode === "link"}
            onChange={() => setMode("link")}
          />
          As a claim link
        </label>
      </fieldset>
      <div className="space-y-1">
        <label htmlFor={`${ids}-validity`} className="font-medium">
          Offer open for
        </label>
        <select
          id={`${ids}-validity`}
          className={textInput}
          value={validity}
          onChange={(event) => setValidity(Number(event.target.value))}
        >
          {validityChoices.map((choice) => (
            <option key={choice.seconds} value={choice.seconds}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <GiveAmountField
        id={`${ids}-amount`}
        amount={amount}
        part={part}
        valueMinor={valueMinor}
        currency={currency}
        onChange={setAmount}
      />
      {mode === "handle" ? (
        <div className="space-y-3">
          <LookUpForm
            id={`${ids}-handle`}
            label="Recipient's handle"
            placeholder="@handle"
            value={handle}
            button="Look up"
            busy={busy}
            onChange={(value) => {
              setHandle(value);
              setRecipient(null);
            }}
            onLookUp={() => void lookUp()}
          />
          {recipient ? (
            <div className="space-y-2 rounded-lg bg-stone-50 p-3">
              <p>
                Give to <span className="font-semibold">{recipient.displayName}</span> (@{recipient.handle})?
              </p>
              <button
                type="button"
                className={primaryButton}
                disabled={busy}
                onClick={() => give(recipient.partyId)}
              >
                Give to {recipient.displayName} with passkey
              </button>
            </div>
          ) : null}
        </div>
      ) : mode === "shop" ? (
        <ShopRecipient
          currency={currency}
          giveText={part.error === undefined ? money(part.amountMinor) : null}
          busy={busy}
          run={run}
          onGive={(partyId) => void give(partyId)}
        />
      ) : (
        <button type="button" className={primaryButton} disabled={busy} onClick={() => give(null)}>
          Create claim link with passkey
        </button>
      )}
      <StatusMessage status={status} />
    </section>
  );
}
