"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { deleteProductAction } from "@/app/(merchant)/merchant/actions";
import { dangerButton, secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { ProductForm, type ProductFormValues } from "./product-form";

/**
 * One product of the catalogue with its visible Edit and Delete buttons: Edit opens the product's form in place,
 * Delete asks first and says that past orders keep showing the product.
 */
export function ProductItem({
  slug,
  currency,
  product,
  priceText,
  stateText,
}: {
  slug: string;
  currency: string;
  product: ProductFormValues & { productId: string };
  /** The price as people read it (formatMoney). */
  priceText: string;
  /** "for sale · 3 in stock" and the like. */
  stateText: string;
}) {
  const ids = useId();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { busy, status, run, setStatus } = useActionStatus();
  const deleteButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // A keyboard user lands on the question's answer, and back on Delete when they keep the product.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  function remove() {
    void run(`Deleting ${product.name}…`, async () => {
      const result = await deleteProductAction({ slug, productId: product.productId });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setConfirming(false);
      router.refresh();
      return { kind: "success", text: `${product.name} deleted.` };
    });
  }

  return (
    <li className="space-y-3 rounded-xl border border-stone-200 bg-white p-5" aria-labelledby={`${ids}-name`}>
      <div className="flex flex-wrap items-center gap-3">
        {product.imagePath ? (
          // biome-ignore lint/performance/noImgElement: images come from our own route, sized small
          <img src={product.imagePath} alt="" className="h-12 w-12 rounded object-cover" />
        ) : null}
        <h3 id={`${ids}-name`} className="min-w-0 font-semibold wrap-anywhere">
          {product.name}
        </h3>
        <span className="tabular-nums">{priceText}</span>
        <span className="text-sm text-stone-600">{stateText}</span>
        <span className="ml-auto flex flex-wrap gap-2">
          <button
            type="button"
            className={secondaryButton}
            aria-expanded={editing}
            aria-controls={`${ids}-editor`}
            aria-label={`Edit ${product.name}`}
            onClick={() => {
              setEditing(!editing);
              setStatus(null);
            }}
          >
            {editing ? "Close" : "Edit"}
          </button>
          <button
            type="button"
            ref={deleteButton}
            className={dangerButton}
            aria-label={`Delete ${product.name}`}
            aria-expanded={confirming}
            disabled={busy}
            onClick={() => setConfirming(!confirming)}
          >
            Delete
          </button>
        </span>
      </div>
      {confirming ? (
        <div
          role="alertdialog"
          aria-labelledby={`${ids}-confirm`}
          className="space-y-2 rounded-lg border border-red-200 bg-red-50 p-3"
        >
          <p id={`${ids}-confirm`} className="text-red-900">
            Delete {product.name}? It leaves your shop at once; past orders still show it.
          </p>
          <div className="flex flex-wrap gap-2">
            <button
              ref={confirmButton}
              type="button"
              className={dangerButton}
              disabled={busy}
              onClick={remove}
            >
              Yes, delete {product.name}
            </button>
            <button
              type="button"
              className={secondaryButton}
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                deleteButton.current?.focus();
              }}
            >
              Keep it
            </button>
          </div>
        </div>
      ) : null}
      <StatusMessage status={status} />
      {editing ? (
        <div id={`${ids}-editor`}>
          <ProductForm
            slug={slug}
            currency={currency}
            initial={product}
            onSaved={() => {
              setEditing(false);
              setStatus({ kind: "success", text: "Changes saved." });
            }}
          />
        </div>
      ) : null}
    </li>
  );
}
