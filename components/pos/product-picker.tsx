"use client";

import { formatMoney, moneyOf } from "@/lib/money/money";

export interface TillProduct {
  id: string;
  name: string;
  /** Minor units as decimal text. */
  priceMinor: string;
  /** Null: not counted. */
  stock: number | null;
}

/**
 * The shop's products as big buttons: a tap adds one, "−" takes one back; stock is shown and more than the stock
 * cannot be added (the server checks again when the request is made and when it is paid).
 */
export function ProductPicker({
  products,
  currency,
  quantities,
  onChange,
  disabled,
}: {
  products: TillProduct[];
  currency: string;
  quantities: Record<string, number>;
  onChange: (productId: string, quantity: number) => void;
  disabled: boolean;
}) {
  return (
    <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3">
      {products.map((product) => {
        const quantity = quantities[product.id] ?? 0;
        const soldOut = product.stock !== null && quantity >= product.stock;
        const price = formatMoney(moneyOf(BigInt(product.priceMinor), currency));
        return (
          <li key={product.id} className="flex min-w-0 items-stretch gap-1">
            <button
              type="button"
              className="flex min-h-16 min-w-0 flex-1 flex-col items-start justify-center rounded-lg border border-stone-300 bg-white px-3 py-2 text-left hover:bg-stone-50 disabled:cursor-not-allowed disabled:opacity-60"
              disabled={disabled || soldOut}
              onClick={() => onChange(product.id, quantity + 1)}
              aria-label={`Add ${product.name}, ${price}${quantity > 0 ? `, ${quantity} so far` : ""}`}
            >
              <span className="w-full truncate font-medium">{product.name}</span>
              <span className="text-sm text-stone-600 tabular-nums">
                {price}
                {product.stock === null
                  ? ""
                  : product.stock === 0
                    ? " · sold out"
                    : ` · ${product.stock} in stock`}
              </span>
            </button>
            {quantity > 0 ? (
              <div className="flex flex-col items-center justify-center gap-1">
                <span className="min-w-8 text-center text-lg font-semibold tabular-nums" aria-hidden="true">
                  {quantity}
                </span>
                <button
                  type="button"
                  className="min-h-11 min-w-11 rounded-lg border border-stone-300 bg-white text-lg hover:bg-stone-100"
                  disabled={disabled}
                  onClick={() => onChange(product.id, quantity - 1)}
                  aria-label={`One ${product.name} less (${quantity} now)`}
                >
                  −
                </button>
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
