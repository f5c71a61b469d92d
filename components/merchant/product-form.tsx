"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { saveProductAction } from "@/app/(merchant)/merchant/actions";
import { primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

export interface ProductFormValues {
  productId?: string;
  name: string;
  description: string;
  priceText: string;
  active: boolean;
  stock: number | null;
  imagePath: string | null;
}

const maxImageBytes = 1024 * 1024;
const imageTypes = "image/png,image/jpeg,image/webp,image/gif";

/**
 * Creates a product or edits one: name, description, price, for sale, optional stock, optional image. A new
 * product's form empties itself once the product is added; an edit calls `onSaved` (the list closes the editor).
 */
export function ProductForm({
  slug,
  currency,
  initial,
  onSaved,
}: {
  slug: string;
  currency: string;
  initial?: ProductFormValues;
  onSaved?: () => void;
}) {
  const ids = useId();
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  const [name, setName] = useState(initial?.name ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [price, setPrice] = useState(initial?.priceText ?? "");
  const [active, setActive] = useState(initial?.active ?? true);
  const [limited, setLimited] = useState(initial ? initial.stock !== null : false);
  const [stock, setStock] = useState(String(initial?.stock ?? 0));
  const [image, setImage] = useState<File | null>(null);
  const imageInput = useRef<HTMLInputElement>(null);
  const editing = Boolean(initial?.productId);

  async function uploadImage(productId: string): Promise<string | null> {
    if (!image) return null;
    if (image.size > maxImageBytes) return "The image is larger than 1 MB.";
    const response = await fetch(`/api/merchant/${slug}/products/${productId}/image`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: image,
    });
    if (response.ok) return null;
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return body?.error?.message ?? "The image could not be uploaded.";
  }

  return (
    <form
      aria-label={editing ? `Edit ${initial?.name}` : "New product"}
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        void run(editing ? "Saving…" : "Adding the product…", async () => {
          const result = await saveProductAction({
            slug,
            productId: initial?.productId,
            name,
            description,
            price,
            active,
            stock: limited ? Number(stock) : null,
          });
          if (!result.ok) return { kind: "error", text: errorText(result.error) };
          const imageError = await uploadImage(result.data.productId);
          router.refresh();
          if (imageError) return { kind: "error", text: `Saved, but ${imageError.toLowerCase()}` };
          setImage(null);
          if (imageInput.current) imageInput.current.value = "";
          if (editing) {
            onSaved?.();
            return { kind: "success", text: "Saved." };
          }
          setName("");
          setDescription("");
          setPrice("");
          setActive(true);
          setLimited(false);
          setStock("0");
          return { kind: "success", text: `${name} added.` };
        });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block space-y-1" htmlFor={`${ids}-name`}>
          <span className="text-sm font-medium">Name</span>
          <input
            id={`${ids}-name`}
            className={textInput}
            value={name}
            maxLength={100}
            required
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label className="block space-y-1" htmlFor={`${ids}-price`}>
          <span className="text-sm font-medium">Price ({currency})</span>
          <input
            id={`${ids}-price`}
            className={textInput}
            value={price}
            inputMode="decimal"
            placeholder="3.50"
            required
            onChange={(event) => setPrice(event.target.value)}
          />
        </label>
      </div>
      <label className="block space-y-1" htmlFor={`${ids}-description`}>
        <span className="text-sm font-medium">Description</span>
        <textarea
          id={`${ids}-description`}
          className={textInput}
          value={description}
          maxLength={2000}
          rows={2}
          onChange={(event) => setDescription(event.target.value)}
        />
      </label>
      <div className="flex flex-wrap items-center gap-4">
        <label className="inline-flex min-h-11 items-center gap-2">
          <input type="checkbox" checked={active} onChange={(event) => setActive(event.target.checked)} />
          For sale
        </label>
        <label className="inline-flex min-h-11 items-center gap-2">
          <input type="checkbox" checked={limited} onChange={(event) => setLimited(event.target.checked)} />
          Limited stock
        </label>
        {limited ? (
          <label className="inline-flex items-center gap-2" htmlFor={`${ids}-stock`}>
            <span className="text-sm">In stock</span>
            <input
              id={`${ids}-stock`}
              className={`${textInput} w-28`}
              type="number"
              min={0}
              max={1000000}
              value={stock}
              onChange={(event) => setStock(event.target.value)}
            />
          </label>
        ) : null}
      </div>
      <label className="block space-y-1" htmlFor={`${ids}-image`}>
        <span className="text-sm font-medium">Image (PNG, JPEG, WebP or GIF, at most 1 MB)</span>
        <input
          id={`${ids}-image`}
          ref={imageInput}
          type="file"
          accept={imageTypes}
          className="block text-sm"
          onChange={(event) => setImage(event.target.files?.[0] ?? null)}
        />
      </label>
      <button type="submit" className={editing ? secondaryButton : primaryButton} disabled={busy}>
        {editing ? "Save changes" : "Add product"}
      </button>
      <StatusMessage status={status} />
    </form>
  );
}
