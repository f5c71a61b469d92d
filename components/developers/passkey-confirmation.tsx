"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";

/**
 * Says what is about to happen, then asks for the passkey: shown after the server has checked the request and
 * issued a challenge bound to exactly it. The confirm button takes the focus, so keyboard users land on it.
 */
export function PasskeyConfirmation(props: {
  heading: string;
  children: ReactNode;
  busy: boolean;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <section aria-labelledby={id} className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p id={id} className="font-medium">
        {props.heading}
      </p>
      <div className="space-y-1 break-words text-sm text-stone-800">{props.children}</div>
      <div className="flex flex-wrap gap-2">
        <button
          ref={confirm}
          type="button"
          className={primaryButton}
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </button>
        <button type="button" className={secondaryButton} disabled={props.busy} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
