/**
 * Draws Scrip's app icons (the web app manifest's and the apple-touch-icon) as PNGs in public/icons, with no
 * image library: a coupon — a white ticket with a notch on each side and a brand-green dot — on the brand green
 * of app/globals.css. The maskable icon keeps the ticket inside the 80 % safe circle Android crops to; the
 * others fill a rounded square. Run `node --import tsx scripts/make-icons.ts` after changing the drawing and
 * commit the PNGs.
 */
import fs from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

/** --color-brand-600 and --color-brand-900 (app/globals.css). */
const brand = [0x0f, 0x7a, 0x4a] as const;
const brandDark = [0x06, 0x3d, 0x24] as const;
const white = [0xff, 0xff, 0xff] as const;
type Rgb = readonly [number, number, number];

/** What colour a point (in units of the icon's width, 0..1) has, or null for transparent. */
type Shape = (x: number, y: number) => Rgb | null;

function roundedRect(
  x: number,
  y: number,
  left: number,
  top: number,
  right: number,
  bottom: number,
  r: number,
) {
  const cx = Math.min(Math.max(x, left + r), right - r);
  const cy = Math.min(Math.max(y, top + r), bottom - r);
  return x >= left && x <= right && y >= top && y <= bottom && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The ticket, scaled by `s` around the centre. */
function ticket(x: number, y: number, s: number): Rgb | null {
  const u = (x - 0.5) / s + 0.5;
  const v = (y - 0.5) / s + 0.5;
  if (!roundedRect(u, v, 0.16, 0.3, 0.84, 0.7, 0.06)) return null;
  if ((u - 0.16) ** 2 + (v - 0.5) ** 2 < 0.07 ** 2 || (u - 0.84) ** 2 + (v - 0.5) ** 2 < 0.07 ** 2)
    return null;
  if ((u - 0.5) ** 2 + (v - 0.5) ** 2 < 0.09 ** 2) return brand;
  if (Math.abs(u - 0.3) < 0.008 && Math.abs(v - 0.5) < 0.15 && Math.floor(v * 40) % 2 === 0) return brandDark;
  return white;
}

const fullIcon: Shape = (x, y) => {
  if (!roundedRect(x, y, 0, 0, 1, 1, 0.18)) return null;
  return ticket(x, y, 1) ?? brand;
};
const maskableIcon: Shape = (x, y) => ticket(x, y, 0.8) ?? brand;

/** Renders `shape` at `size` px with 4×4 supersampling (smooth edges). */
function render(shape: Shape, size: number): Buffer {
  const samples = 4;
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const offset = 1 + px * 4;
      if (a > 0) {
        row[offset] = Math.round(r / a);
        row[offset + 1] = Math.round(g / a);
        row[offset + 2] = Math.round(b / a);
        row[offset + 3] = Math.round((255 * a) / samples ** 2);
      }
    }
    rows.push(row);
  }
  return png(size, Buffer.concat(rows));
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A PNG of 8-bit RGBA scanlines (each already prefixed with filter type 0). */
function png(size: number, scanlines: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(scanlines, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "public", "icons");
fs.mkdirSync(out, { recursive: true });
const icons: [string, Shape, number][] = [
  ["icon-192.png", fullIcon, 192],
  ["icon-512.png", fullIcon, 512],
  ["maskable-512.png", maskableIcon, 512],
  // iOS draws its own rounded corners and shows transparency as black: the full-bleed drawing.
  ["apple-touch-icon.png", maskableIcon, 180],
];
for (const [name, shape, size] of icons) {
  fs.writeFileSync(path.join(out, name), render(shape, size));
  console.log(`public/icons/${name}`);
}
