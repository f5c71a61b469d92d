"use client";

import Link from "next/link";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { useCart } from "./cart-store";

/** Adds one unit of a product to this shop's cart in the browser. */
export function AddToCartButton({
  slug,
  productId,
  name,
}: {
  slug: string;
  productId: string;
  name: string;
}) {
  const cart = useCart(slug);
  const inCart = cart.lines.find((line) => line.productId === productId)?.quantity ?? 0;
  return (
    <button
      type="button"
      className={secondaryButton}
      aria-label={`Add ${name} to cart`}
      onClick={() => cart.add(productId)}
    >
      Add to cart{inCart > 0 ? ` (${inCart})` : ""}
    </button>
  );
}

/** The cart's size and the way to checkout. */
export function CartLink({ slug }: { slug: string }) {
  const cart = useCart(slug);
  const count = cart.lines.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <Link href={`/s/${slug}/checkout`} className={primaryButton} aria-live="polite">
      Cart ({count}) · Checkout
    </Link>
  );
}
