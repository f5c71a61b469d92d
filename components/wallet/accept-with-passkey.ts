// Browser-side: accepting an offer with the recipient's passkey. Imported only by client components.
import { acceptOfferAction, acceptOptionsAction } from "@/app/(wallet)/wallet/coupon-actions";
import { acceptGiftAction, acceptGiftOptionsAction } from "@/app/(wallet)/wallet/give-actions";
import { withStepUp } from "@/components/auth/passkey-client";
import { errorText, type Status } from "@/components/ui/status-message";

/**
 * Accepts an offer, named by its transfer id or by a claim link's code, with the person's passkey (their
 * signature makes them the new owner), then opens the coupon with `open`. Returns the status to show.
 */
export async function acceptWithPasskey(
  offer: { transferId: string } | { claimCode: string },
  input: { success: string; open: (couponPath: string) => void },
): Promise<Status> {
  const result = await withStepUp(
    () => acceptOptionsAction(offer),
    (stepUp) => acceptOfferAction({ ...offer, stepUp }),
  );
  if (!result.ok) return { kind: "error", text: errorText(result.error) };
  input.open(`/wallet/coupons/${result.data.couponId}`);
  return { kind: "success", text: input.success };
}

/**
 * Accepts every coupon of a gift of several, named by its id or an open gift's claim code, with one passkey
 * confirmation, then goes to the wallet with `open`. Returns the status to show.
 */
export async function acceptGiftWithPasskey(
  gift: { groupId: string } | { claimCode: string },
  input: { success: string; open: (path: string) => void },
): Promise<Status> {
  const result = await withStepUp(
    () => acceptGiftOptionsAction(gift),
    (stepUp) => acceptGiftAction({ ...gift, stepUp }),
  );
  if (!result.ok) return { kind: "error", text: errorText(result.error) };
  input.open("/wallet");
  return { kind: "success", text: input.success };
}
