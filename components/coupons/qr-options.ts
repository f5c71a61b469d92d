import type QRCode from "qrcode";

/**
 * How every QR code in Scrip is drawn, for a phone camera reading it off a screen: error correction L (a screen
 * is not a torn label, and the lower level keeps the symbol small: a coupon's short token fits version 10, 57
 * modules), the standard quiet zone of 4 modules, and an SVG scaled so a module is at least 5 CSS pixels
 * (qrImageClass). e2e/wallet/qr-code.spec.ts decodes the rendered image to prove it.
 */
export const qrSvgOptions = {
  type: "svg",
  errorCorrectionLevel: "L",
  margin: 4,
} as const satisfies QRCode.QRCodeToStringOptions;

/** A white square, as wide as the screen allows up to 20 rem (57 + 8 modules at ≥ 4.9 px each). */
export const qrImageClass = "mx-auto block aspect-square h-auto w-full max-w-80 bg-white";
