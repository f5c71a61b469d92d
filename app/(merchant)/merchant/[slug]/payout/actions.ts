"use server";

import { z } from "zod";
import { shopAction } from "@/lib/auth/shop-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { beginSetPayoutAccount } from "@/lib/payout-accounts/begin-set-payout-account";
import { payoutAccountFields } from "@/lib/payout-accounts/payout-account-fields";
import { beginRemovePayoutAccount, removePayoutAccount } from "@/lib/payout-accounts/remove-payout-account";
import { setPayoutAccount } from "@/lib/payout-accounts/set-payout-account";
import { plainText } from "@/lib/validation/text";

// Where Scrip pays the shop: its owners only, each change checked first and confirmed with a passkey.

const shopId = plainText("a shop id").min(1).max(64);

/** Checks the account and returns passkey options bound to exactly it (shop owners). */
export const setShopPayoutAccountOptionsAction = shopAction(
  "shop.payout_account.write",
  z.object({ shopId, ...payoutAccountFields }),
  async ({ db, actor, meta, input }) => beginSetPayoutAccount(db, actor, { ...input, ip: meta.ip }),
);

/** Saves the shop's account confirmed with the owner's passkey; payouts to it wait 24 hours. */
export const setShopPayoutAccountAction = shopAction(
  "shop.payout_account.write",
  z.object({ shopId, ...payoutAccountFields, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const saved = await setPayoutAccount(db, actor, { ...input, authorization: input.stepUp, ip: meta.ip });
    return { heldUntil: saved.heldUntil.toISOString() };
  },
);

/** Passkey options for removing the shop's payout account (shop owners). */
export const removeShopPayoutAccountOptionsAction = shopAction(
  "shop.payout_account.write",
  z.object({ shopId }),
  async ({ db, actor, meta, input }) => beginRemovePayoutAccount(db, actor, { ...input, ip: meta.ip }),
);

/** Removes the shop's payout account, confirmed with the owner's passkey. */
export const removeShopPayoutAccountAction = shopAction(
  "shop.payout_account.write",
  z.object({ shopId, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    await removePayoutAccount(db, actor, { shopId: input.shopId, authorization: input.stepUp, ip: meta.ip });
    return { removed: true };
  },
);
