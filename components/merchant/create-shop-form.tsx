"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { createShopAction } from "@/app/(merchant)/merchant/actions";
import { primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/** Suggests an address from the name: lower case, hyphens between words. */
function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 40)
    .replace(/^-+|-+$/g, "");
}

/** Creates a shop (name, unique address, currency); the creator becomes its owner. */
export function CreateShopForm({ currencies }: { currencies: string[] }) {
  const ids = useId();
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [currency, setCurrency] = useState(currencies[0] ?? "EUR");

  return (
    <form
      className="space-y-4 rounded-xl border border-stone-200 bg-white p-5"
      onSubmit={(event) => {
        event.preventDefault();
        void run("Creating your shop…", async () => {
          const result = await createShopAction({ name, slug, currency });
          if (!result.ok) return { kind: "error", text: errorText(result.error) };
          router.push(`/merchant/${result.data.slug}`);
          return { kind: "success", text: "Shop created." };
        });
      }}
    >
      <h2 className="text-lg font-semibold">Create a shop</h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="block space-y-1" htmlFor={`${ids}-name`}>
          <span className="text-sm font-medium">Name</span>
          <input
            id={`${ids}-name`}
            className={textInput}
            value={name}
            maxLength={100}
            required
            onChange={(event) => {
              setName(event.target.value);
              if (!slugEdited) setSlug(slugOf(event.target.value));
            }}
          />
        </label>
        <label className="block space-y-1" htmlFor={`${ids}-slug`}>
          <span className="text-sm font-medium">Address</span>
          <span className="flex items-center gap-1">
            <span className="text-stone-500">/s/</span>
            <input
              id={`${ids}-slug`}
              className={textInput}
              value={slug}
              maxLength={40}
              pattern="[a-z0-9][a-z0-9\-]{1,38}[a-z0-9]"
              title="3 to 40 lower-case letters, digits or hyphens"
              required
              aria-describedby={`${ids}-slug-help`}
              onChange={(event) => {
                setSlugEdited(true);
                setSlug(event.target.value.toLowerCase());
              }}
            />
          </span>
          <span id={`${ids}-slug-help`} className="block text-xs text-stone-500">
            Lower-case letters, digits and hyphens; it cannot be changed later.
          </span>
        </label>
        <label className="block space-y-1" htmlFor={`${ids}-currency`}>
          <span className="text-sm font-medium">Currency</span>
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
        </label>
      </div>
      <button type="submit" className={primaryButton} disabled={busy}>
        Create shop
      </button>
      <StatusMessage status={status} />
    </form>
  );
}
