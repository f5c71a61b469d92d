import type { PayoutAccountView } from "./get-payout-account";

/** The page's plain copy of a payout account view (dates as ISO strings), for the client components. */
export const payoutAccountRowOf = (view: PayoutAccountView | null) =>
  view && {
    holderName: view.holderName,
    maskedIban: view.maskedIban,
    bic: view.bic,
    countryName: view.countryName,
    changedAt: view.changedAt.toISOString(),
    heldUntil: view.heldUntil?.toISOString() ?? null,
  };
