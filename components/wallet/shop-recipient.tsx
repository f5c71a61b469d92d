"use client";

import { useId, useState } from "react";
import { findShopRecipientAction } from "@/app/(wallet)/wallet/coupon-actions";
import { primaryButton } from "@/components/ui/button-styles";
import type { Status } from "@/components/ui/status-message";
import { errorText } from "@/components/ui/status-message";
import { LookUpForm } from "./look-up-form";

export interface ShopRecipientFound {
  name: string;
  slug: string;
  partyId: string;
}

/**
 * The "To a shop" part of the give form: the shop's address (its slug, or a pasted storefront link) is looked up
 * and the shop named ("Give €10.00 to Corner Café?") before the passkey prompt; an unknown address, a suspended
 * shop or one that takes another currency is said here, before any prompt.
 */
export function ShopRecipient({
  currency,
  giveText,
  busy,
  run,
  onGive,
}: {
  currency: string;
  /** The amount about to be given, formatted, or null while the amount typed is not valid. */
  giveText: string | null;
  busy: boolean;
  run: (progress: string, work: () => Promise<Status>) => Promise<void>;
  onGive: (partyId: string) => void;
}) {
  const ids = useId();
  const [address, setAddress] = useState("");
  const [shop, setShop] = useState<ShopRecipientFound | null>(null);

  function lookUp() {
    setShop(null);
    return run("Looking up the shop…", async () => {
      const result = await findShopRecipientAction({ address, currency });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setShop(result.data);
      return null;
    });
  }

  return (
    <div className="space-y-3">
      <LookUpForm
        id={`${ids}-address`}
        label="Shop's address or link"
        placeholder="corner-cafe"
        hint="The name in the shop's link, or paste the link to its shop page."
        value={address}
        button="Find shop"
        busy={busy}
        onChange={(value) => {
          setAddress(value);
          setShop(null);
        }}
        onLookUp={() => void lookUp()}
      />
      {shop ? (
        <div className="space-y-2 rounded-lg bg-stone-50 p-3">
          <p className="wrap-anywhere">
            Give {giveText ?? "this"} to <span className="font-semibold">{shop.name}</span>? The shop accepts
            or declines it; until then you can cancel.
          </p>
          <button
            type="button"
            className={primaryButton}
            disabled={busy || giveText === null}
            onClick={() => onGive(shop.partyId)}
          >
            Give to {shop.name} with passkey
          </button>
        </div>
      ) : null}
    </div>
  );
}
