"use client";

import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { qrImageClass, qrSvgOptions } from "./qr-options";

/** A QR code made in the browser, for text that exists only there (a fresh claim link, a revealed token). */
export function ClientQrCode({ text, label }: { text: string; label: string }) {
  const [source, setSource] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(text, qrSvgOptions).then((svg) => {
      if (live) setSource(`data:image/svg+xml;base64,${btoa(svg)}`);
    });
    return () => {
      live = false;
    };
  }, [text]);
  if (!source) return <p className="text-sm text-stone-600">Drawing the QR code…</p>;
  return (
    // biome-ignore lint/performance/noImgElement: a data URI needs no image optimisation.
    <img src={source} alt={label} width={320} height={320} className={qrImageClass} />
  );
}
