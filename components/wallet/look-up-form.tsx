"use client";

import { secondaryButton, textInput } from "@/components/ui/button-styles";

/**
 * The give form's "find who gets it" row: one text field (a person's handle, a shop's address) and a button that
 * looks it up; typing again forgets what was found (`onChange`). On a phone the button goes under the field.
 */
export function LookUpForm({
  id,
  label,
  placeholder,
  hint,
  value,
  button,
  busy,
  onChange,
  onLookUp,
}: {
  id: string;
  label: string;
  placeholder: string;
  hint?: string;
  value: string;
  button: string;
  busy: boolean;
  onChange: (value: string) => void;
  onLookUp: () => void;
}) {
  return (
    <form
      className="flex flex-col gap-2 sm:flex-row sm:items-end"
      onSubmit={(event) => {
        event.preventDefault();
        onLookUp();
      }}
    >
      <div className="min-w-0 flex-1 space-y-1">
        <label htmlFor={id} className="font-medium">
          {label}
        </label>
        <input
          id={id}
          className={textInput}
          autoComplete="off"
          autoCapitalize="none"
          placeholder={placeholder}
          aria-describedby={hint ? `${id}-hint` : undefined}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
        {hint ? (
          <p id={`${id}-hint`} className="text-sm text-stone-600">
            {hint}
          </p>
        ) : null}
      </div>
      <button type="submit" className={secondaryButton} disabled={busy || value.trim() === ""}>
        {button}
      </button>
    </form>
  );
}
