"use client";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import {
  removeShopPayoutAccountAction,
  removeShopPayoutAccountOptionsAction,
  setShopPayoutAccountAction,
  setShopPayoutAccountOptionsAction,
} from "@/app/(merchant)/merchant/[slug]/payout/actions";
import {
  removePayoutAccountAction,
  removePayoutAccountOptionsAction,
  setPayoutAccountAction,
  setPayoutAccountOptionsAction,
} from "@/app/(wallet)/wallet/settings/payout/actions";
import { withStepUp } from "@/components/auth/passkey-client";
import { PasskeyConfirmation } from "@/components/developers/passkey-confirmation";
import { dangerButton, primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { type PayoutAccountRow, PayoutAccountSummary } from "./payout-account-summary";

type Fields = { iban: string; holderName: string; bic?: string };
type Draft = {
  fields: Fields;
  options: PublicKeyCredentialRequestOptionsJSON;
  account: { maskedIban: string; countryName: string; holderName: string; bic: string | null };
};

/** The server actions of the person's own account, or of a shop's (owners). */
function actionsFor(shopId: string | null) {
  if (shopId === null) {
    return {
      begin: (fields: Fields) => setPayoutAccountOptionsAction(fields),
      save: (fields: Fields, stepUp: Parameters<typeof setPayoutAccountAction>[0]["stepUp"]) =>
        setPayoutAccountAction({ ...fields, stepUp }),
      beginRemove: () => removePayoutAccountOptionsAction({}),
      remove: (stepUp: Parameters<typeof removePayoutAccountAction>[0]["stepUp"]) =>
        removePayoutAccountAction({ stepUp }),
    };
  }
  return {
    begin: (fields: Fields) => setShopPayoutAccountOptionsAction({ shopId, ...fields }),
    save: (fields: Fields, stepUp: Parameters<typeof setShopPayoutAccountAction>[0]["stepUp"]) =>
      setShopPayoutAccountAction({ shopId, ...fields, stepUp }),
    beginRemove: () => removeShopPayoutAccountOptionsAction({ shopId }),
    remove: (stepUp: Parameters<typeof removeShopPayoutAccountAction>[0]["stepUp"]) =>
      removeShopPayoutAccountAction({ shopId, stepUp }),
  };
}

/**
 * Where Scrip pays a person or a shop: the current account masked (and the review hold after a change), and
 * for those who may change it a form that is checked before the passkey is asked, and a Remove button.
 */
export function PayoutAccountPanel(props: {
  shopId: string | null;
  account: PayoutAccountRow | null;
  mayEdit: boolean;
}) {
  const router = useRouter();
  const actions = actionsFor(props.shopId);
  const { busy, status, run } = useActionStatus();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [removing, setRemoving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const check = (fields: Fields) =>
    run("Checking the account…", async () => {
      setRemoving(false);
      const result = await actions.begin(fields);
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setDraft({ fields, options: result.data.options, account: result.data.account });
      return null;
    });
  const confirm = (pending: Draft) =>
    run("Confirm with your passkey…", async () => {
      const result = await withStepUp(
        async () => ({ ok: true, data: pending.options }),
        (stepUp) => actions.save(pending.fields, stepUp),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setDraft(null);
      formRef.current?.reset();
      router.refresh();
      return {
        kind: "success",
        text: "Saved. Payouts to this account wait 24 hours for review, then go out as usual.",
      };
    });
  const remove = () =>
    run("Confirm with your passkey…", async () => {
      const result = await withStepUp(
        async () => {
          const begun = await actions.beginRemove();
          return begun.ok ? { ok: true, data: begun.data.options } : begun;
        },
        (stepUp) => actions.remove(stepUp),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setRemoving(false);
      router.refresh();
      return { kind: "success", text: "Removed. Scrip cannot pay out until an account is added again." };
    });

  return (
    <div className="space-y-6">
      <PayoutAccountSummary account={props.account} shop={props.shopId !== null} />
      {props.mayEdit && props.account ? (
        removing ? (
          <PasskeyConfirmation
            heading="Remove this payout account?"
            busy={busy}
            confirmLabel="Remove with passkey"
            onConfirm={remove}
            onCancel={() => setRemoving(false)}
          >
            <p>Scrip will have nowhere to pay until an account is added again.</p>
          </PasskeyConfirmation>
        ) : (
          <button
            type="button"
            className={dangerButton}
            disabled={busy}
            onClick={() => {
              setDraft(null);
              setRemoving(true);
            }}
          >
            Remove this account
          </button>
        )
      ) : null}
      {props.mayEdit ? (
        <section aria-labelledby="payout-form" className="space-y-3">
          <h2 id="payout-form" className="text-xl font-semibold">
            {props.account ? "Change the account" : "Add an account"}
          </h2>
          <form
            ref={formRef}
            className="grid gap-3 rounded-xl border border-stone-200 bg-white p-4"
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              const bic = String(form.get("bic") ?? "");
              void check({
                iban: String(form.get("iban") ?? ""),
                holderName: String(form.get("holderName") ?? ""),
                ...(bic.trim() ? { bic } : {}),
              });
            }}
          >
            <label className="grid gap-1">
              <span className="font-medium">IBAN</span>
              <input
                name="iban"
                required
                maxLength={100}
                inputMode="text"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                className={textInput}
                placeholder="DE89 3704 0044 0532 0130 00"
              />
            </label>
            <label className="grid gap-1">
              <span className="font-medium">Account holder</span>
              <span className="text-sm text-stone-600">The name the bank has for this account.</span>
              <input name="holderName" required maxLength={70} autoComplete="off" className={textInput} />
            </label>
            <label className="grid gap-1">
              <span className="font-medium">BIC (optional)</span>
              <input
                name="bic"
                maxLength={100}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                className={textInput}
              />
            </label>
            <p className="text-sm text-stone-700">
              Scrip checks the account first, then asks your passkey to confirm it. Payouts to a new or
              changed account wait 24 hours for review.
            </p>
            <div>
              <button type="submit" className={primaryButton} disabled={busy || draft !== null}>
                Check and continue
              </button>
            </div>
          </form>
          {draft ? (
            <PasskeyConfirmation
              heading="Scrip will pay this account"
              busy={busy}
              confirmLabel="Confirm with passkey"
              onConfirm={() => confirm(draft)}
              onCancel={() => setDraft(null)}
            >
              <p>
                {draft.account.holderName} · {draft.account.maskedIban} ({draft.account.countryName})
                {draft.account.bic ? ` · BIC ${draft.account.bic}` : ""}
              </p>
              <p>Payouts to it wait 24 hours for review.</p>
            </PasskeyConfirmation>
          ) : null}
        </section>
      ) : null}
      <StatusMessage status={status} />
    </div>
  );
}
