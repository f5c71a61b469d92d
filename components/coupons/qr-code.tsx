import QRCode from "qrcode";
import { qrImageClass, qrSvgOptions } from "./qr-options";

/** Renders `text` as a QR code image made on the server (an SVG data URI: no script, crisp at any size). */
export async function QrCode({ text, label }: { text: string; label: string }) {
  const svg = await QRCode.toString(text, qrSvgOptions);
  const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
  return (
    // biome-ignore lint/performance/noImgElement: a data URI needs no image optimisation.
    <img src={source} alt={label} width={320} height={320} className={qrImageClass} />
  );
}
