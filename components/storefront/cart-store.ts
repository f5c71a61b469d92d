"use client";

import { useCallback, useSyncExternalStore } from "react";

/** A cart line kept in the browser (localStorage, one cart per shop). */
export interface CartLine {
  productId: string;
  quantity: number;
}

const maxLines = 50;
/** Units of one product a cart holds (the server's limit too). */
export const maxQuantity = 100;
const changeEvent = "scrip-cart-change";
const keyOf = (slug: string) => `scrip.cart.${slug}`;

function parse(raw: string | null): CartLine[] {
  try {
    const value = JSON.parse(raw ?? "[]") as unknown;
    if (!Array.isArray(value)) return [];
    return value
      .filter(
        (line): line is CartLine =>
          typeof line?.productId === "string" &&
          Number.isInteger(line?.quantity) &&
          line.quantity > 0 &&
          line.quantity <= maxQuantity,
      )
      .slice(0, maxLines);
  } catch {
    return [];
  }
}

const emptyRaw = "[]";

/** The shop's cart, kept in sync across components and tabs; `set` writes it back. */
export function useCart(slug: string) {
  const raw = useSyncExternalStore(
    (notify) => {
      window.addEventListener(changeEvent, notify);
      window.addEventListener("storage", notify);
      return () => {
        window.removeEventListener(changeEvent, notify);
        window.removeEventListener("storage", notify);
      };
    },
    () => window.localStorage.getItem(keyOf(slug)) ?? emptyRaw,
    () => emptyRaw,
  );
  const lines = parse(raw);
  const set = useCallback(
    (next: CartLine[]) => {
      const kept = next.filter((line) => line.quantity > 0).slice(0, maxLines);
      window.localStorage.setItem(keyOf(slug), JSON.stringify(kept));
      window.dispatchEvent(new Event(changeEvent));
    },
    [slug],
  );
  /** One more unit, never beyond `limit` (the units left in stock; null when unlimited). False when refused. */
  const add = (productId: string, limit: number | null = null): boolean => {
    const existing = lines.find((line) => line.productId === productId);
    const cap = Math.min(maxQuantity, limit ?? maxQuantity);
    if ((existing?.quantity ?? 0) >= cap) return false;
    set(
      existing
        ? lines.map((line) =>
            line.productId === productId ? { ...line, quantity: line.quantity + 1 } : line,
          )
        : [...lines, { productId, quantity: 1 }],
    );
    return true;
  };
  return { lines, set, add, clear: () => set([]) };
}
