"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { beginSetPayoutAccount } from "@/lib/payout-accounts/begin-set-payout-account";
import { payoutAccountFields } from "@/lib/payout-accounts/payout-account-fields";
import { beginRemovePayoutAccount, removePayoutAccount } from "@/lib/payout-accounts/remove-payout-account";
import { setPayoutAccount } from "@/lib/payout-accounts/set-payout-account";

// Where Scrip pays this person. Every change is checked first, then confirmed with a passkey over exactly it.

/** Checks the account and returns passkey options bound to exactly it, with the account as it will be saved. */
export const setPayoutAccountOptionsAction = authedAction(
  z.object(payoutAccountFields),
  async ({ db, actor, meta, input }) => beginSetPayoutAccount(db, actor, { ...input, ip: meta.ip }),
);

/** Saves the account confirmed with the person's passkey; payouts to it wait 24 hours. */
export const setPayoutAccountAction = authedAction(
  z.object({ ...payoutAccountFields, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const saved = await setPayoutAccount(db, actor, { ...input, authorization: input.stepUp, ip: meta.ip });
    return { heldUntil: saved.heldUntil.toISOString() };
  },
);

/** Passkey options for removing the person's payout account. */
export const removePayoutAccountOptionsAction = authedAction(z.object({}), async ({ db, actor, meta }) =>
  beginRemovePayoutAccount(db, actor, { ip: meta.ip }),
);

/** Removes the person's payout account, confirmed with their passkey. */
export const removePayoutAccountAction = authedAction(
  z.object({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    await removePayoutAccount(db, actor, { authorization: input.stepUp, ip: meta.ip });
    return { removed: true };
  },
);
