"use client";

import Link from "next/link";
import { useId } from "react";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { maxQuantity, useCart } from "./cart-store";

/**
 * Adds one unit of a product to this shop's cart in the browser, never more than are left in stock: at the limit
 * the button is disabled and says how many are left, so the cart is refused right here rather than at checkout.
 */
export function AddToCartButton({
  slug,
  productId,
  name,
  stockLeft,
}: {
  slug: string;
  productId: string;
  name: string;
  /** Units left when the shop counts stock; null when unlimited. */
  stockLeft: number | null;
}) {
  const ids = useId();
  const cart = useCart(slug);
  const inCart = cart.lines.find((line) => line.productId === productId)?.quantity ?? 0;
  const limit = Math.min(maxQuantity, stockLeft ?? maxQuantity);
  const atLimit = inCart >= limit;
  return (
    <div className="space-y-2">
      <button
        type="button"
        className={secondaryButton}
        aria-label={atLimit ? undefined : `Add ${name} to cart`}
        aria-describedby={atLimit ? `${ids}-limit` : undefined}
        disabled={atLimit}
        onClick={() => cart.add(productId, stockLeft)}
      >
        {atLimit
          ? stockLeft !== null && stockLeft <= maxQuantity
            ? `Only ${stockLeft} left`
            : `At most ${maxQuantity} at a time`
          : `Add to cart${inCart > 0 ? ` (${inCart})` : ""}`}
      </button>
      {atLimit ? (
        <p id={`${ids}-limit`} role="status" className="text-sm text-amber-800">
          {stockLeft !== null && stockLeft <= maxQuantity
            ? stockLeft === 1
              ? "Your cart holds the last one."
              : `Your cart holds all ${stockLeft} that are left.`
            : `Your cart holds the most of ${name} one order may have.`}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The cart's size and the way to checkout. `forSale`: the ids of the products the shop sells now, so units of a
 * product deleted or sold out since they were added are not counted (the checkout drops them too).
 */
export function CartLink({ slug, forSale }: { slug: string; forSale: readonly string[] }) {
  const cart = useCart(slug);
  const count = cart.lines
    .filter((line) => forSale.includes(line.productId))
    .reduce((sum, line) => sum + line.quantity, 0);
  return (
    <Link href={`/s/${slug}/checkout`} className={primaryButton} aria-live="polite">
      Cart ({count}) · Checkout
    </Link>
  );
}
