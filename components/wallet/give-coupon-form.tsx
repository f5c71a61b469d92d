"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import {
  findRecipientAction,
  offerCouponAction,
  offerOptionsAction,
} from "@/app/(wallet)/wallet/coupon-actions";
import { ClientQrCode } from "@/components/coupons/client-qr-code";
import { primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "./run-step-up";

const validityChoices = [
  { seconds: 75, label: "About a minute" },
  { seconds: 3_600, label: "1 hour" },
  { seconds: 86_400, label: "1 day" },
  { seconds: 7 * 86_400, label: "7 days" },
];

/** Gives a coupon to a person found by handle, or as a one-time claim link with a QR code. */
export function GiveCouponForm({ couponId, pending }: { couponId: string; pending: boolean }) {
  const ids = useId();
  const router = useRouter();
  const [mode, setMode] = useState<"handle" | "link">("handle");
  const [handle, setHandle] = useState("");
  const [recipient, setRecipient] = useState<{ handle: string; displayName: string; partyId: string } | null>(
    null,
  );
  const [validity, setValidity] = useState(86_400);
  const { busy, status, run, setStatus } = useActionStatus();
  const [claimLink, setClaimLink] = useState<string | null>(null);

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
    return run("Confirm with your passkey…", async () => {
      const result = await runStepUp(
        () => offerOptionsAction({ couponId, recipientPartyId, validitySeconds: validity }),
        (draft, stepUp) =>
          offerCouponAction({
            couponId: draft.couponId,
            version: draft.version,
            recipientPartyId: draft.recipientPartyId,
            expiresAt: draft.expiresAt,
            claimCodeHash: draft.claimCodeHash,
            stepUp,
          }),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      const code = result.data.context.claimCode;
      if (code) setClaimLink(`${window.location.origin}/claim/${code}`);
      router.refresh();
      return {
        kind: "success",
        text: code
          ? "Claim link created. Share it now: it is shown only once."
          : "Offered. Waiting for an answer.",
      };
    });
  }

  if (claimLink) {
    return (
      <section
        aria-label="New claim link"
        className="space-y-3 rounded-xl border border-brand-100 bg-white p-5"
      >
        <StatusMessage status={status} />
        <label htmlFor={`${ids}-link`} className="font-medium">
          Claim link
        </label>
        <input
          id={`${ids}-link`}
          className={textInput}
          readOnly
          value={claimLink}
          onFocus={(e) => e.target.select()}
        />
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className={secondaryButton}
            onClick={() =>
              navigator.clipboard
                ?.writeText(claimLink)
                .then(() => setStatus({ kind: "success", text: "Copied." }))
            }
          >
            Copy link
          </button>
        </div>
        <ClientQrCode text={claimLink} label="QR code of the claim link" />
        <p className="text-sm text-stone-600">
          Whoever opens this link first and confirms with a passkey gets the coupon.
        </p>
      </section>
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
      {mode === "handle" ? (
        <div className="space-y-3">
          <form
            className="flex flex-col gap-2 sm:flex-row sm:items-end"
            onSubmit={(event) => {
              event.preventDefault();
              void lookUp();
            }}
          >
            <div className="flex-1 space-y-1">
              <label htmlFor={`${ids}-handle`} className="font-medium">
                Recipient's handle
              </label>
              <input
                id={`${ids}-handle`}
                className={textInput}
                autoComplete="off"
                autoCapitalize="none"
                placeholder="@handle"
                value={handle}
                onChange={(event) => {
                  setHandle(event.target.value);
                  setRecipient(null);
                }}
              />
            </div>
            <button type="submit" className={secondaryButton} disabled={busy || handle.trim() === ""}>
              Look up
            </button>
          </form>
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
      ) : (
        <button type="button" className={primaryButton} disabled={busy} onClick={() => give(null)}>
          Create claim link with passkey
        </button>
      )}
      <StatusMessage status={status} />
    </section>
  );
}
