"use client";

import QRCode from "qrcode";
import { useEffect, useState } from "react";

/** A QR code made in the browser, for text that exists only there (a fresh claim link, a revealed token). */
export function ClientQrCode({ text, label }: { text: string; label: string }) {
  const [source, setSource] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 }).then((svg) => {
      if (live) setSource(`data:image/svg+xml;base64,${btoa(svg)}`);
    });
    return () => {
      live = false;
    };
  }, [text]);
  if (!source) return <p className="text-sm text-stone-600">Drawing the QR code…</p>;
  return (
    // biome-ignore lint/performance/noImgElement: a data URI needs no image optimisation.
    <img
      src={source}
      alt={label}
      width={256}
      height={256}
      className="mx-auto h-auto w-full max-w-xs rounded-lg bg-white p-2"
    />
  );
}
