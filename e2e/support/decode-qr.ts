import type { Locator } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";

/** What a QR code in a PNG says, and its version (1–40: the symbol is 17 + 4 × version modules wide). */
export interface DecodedQr {
  text: string;
  version: number;
}

/**
 * Decodes the QR code in a PNG (a screenshot of the rendered image) the way a phone camera would: from pixels,
 * with no knowledge of what was meant to be drawn. Null when no QR code can be read.
 */
export function decodeQrPng(png: Buffer): DecodedQr | null {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const found = jsQR(pixels, image.width, image.height, { inversionAttempts: "dontInvert" });
  return found ? { text: found.data, version: found.version } : null;
}

/** Screenshots a QR code `<img>` once the browser has decoded its image, and reads it (null if unreadable). */
export async function readQrImage(image: Locator): Promise<DecodedQr | null> {
  await image.evaluate((element: HTMLImageElement) => element.decode());
  return decodeQrPng(await image.screenshot({ animations: "disabled" }));
}
