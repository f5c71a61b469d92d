import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "@playwright/test";
import { PNG } from "pngjs";
import { chromiumArgs, chromiumPath } from "../../playwright.config";

/** Frame size of the fake camera: 640×480, even sides as 4:2:0 chroma needs. */
const width = 640;
const height = 480;

/**
 * The largest side the picture gets in the frame: qr-scanner reads the centre square of two thirds of the frame's
 * smaller side (320 px of 480), as a person holds a phone with the code in the middle; the picture stays inside it.
 */
const pictureMax = 280;

/**
 * Writes `png` (a screenshot, e.g. of the QR code a till or a giver shows) into a Y4M video that Chromium plays as
 * its camera (`--use-file-for-fake-video-capture`): the picture centred on white, scaled down (averaging the pixels
 * each camera pixel covers) to fit the scanner's centre region, as grey levels (BT.601 luma), a few identical frames
 * that Chromium loops. What the camera sees is exactly the pixels the other screen drew; nothing about the code's
 * text is passed on.
 */
export function writeCameraVideo(file: string, png: Buffer): void {
  const image = PNG.sync.read(png);
  const scale = Math.min(1, pictureMax / image.height, pictureMax / image.width);
  const shownWidth = Math.floor(image.width * scale);
  const shownHeight = Math.floor(image.height * scale);
  const left = Math.floor((width - shownWidth) / 2);
  const top = Math.floor((height - shownHeight) / 2);
  const luma = Buffer.alloc(width * height, 235);
  /** Luma of one source pixel, its transparency shown against white. */
  const lumaAt = (x: number, y: number) => {
    const at = (y * image.width + x) * 4;
    const alpha = (image.data[at + 3] ?? 255) / 255;
    const channel = (offset: number) => (image.data[at + offset] ?? 255) * alpha + 255 * (1 - alpha);
    return 16 + (65.481 * channel(0) + 128.553 * channel(1) + 24.966 * channel(2)) / 255;
  };
  for (let y = 0; y < shownHeight; y++) {
    const fromY = Math.floor(y / scale);
    const toY = Math.max(fromY + 1, Math.min(image.height, Math.floor((y + 1) / scale)));
    for (let x = 0; x < shownWidth; x++) {
      const fromX = Math.floor(x / scale);
      const toX = Math.max(fromX + 1, Math.min(image.width, Math.floor((x + 1) / scale)));
      let sum = 0;
      for (let sourceY = fromY; sourceY < toY; sourceY++) {
        for (let sourceX = fromX; sourceX < toX; sourceX++) sum += lumaAt(sourceX, sourceY);
      }
      luma[(top + y) * width + left + x] = Math.round(sum / ((toY - fromY) * (toX - fromX)));
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: 5 }, () => frame)]));
}

/** Screenshots a QR code `<img>` as the other device's screen shows it, and makes it this camera's picture. */
export async function pointCameraAt(file: string, image: Locator): Promise<void> {
  await image.evaluate((element: HTMLImageElement) => element.decode());
  writeCameraVideo(file, await image.screenshot({ animations: "disabled" }));
}

/** A blank picture, for a camera that sees no code yet. */
export function blankCameraVideo(file: string): void {
  const white = new PNG({ width: 8, height: 8 });
  white.data.fill(255);
  writeCameraVideo(file, PNG.sync.write(white));
}

export interface CameraDevice {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The video file this device's camera plays: write it with pointCameraAt before tapping Scan. */
  videoFile: string;
}

/**
 * A second device with a camera (a phone, a till's tablet): its own Chromium whose camera plays `videoFile`,
 * with the camera allowed for the app (`allowCamera: false`: the person refuses it). Chromium opens the file
 * when a page starts the camera, so a test can point the camera at a code just before tapping Scan.
 */
export async function openCameraDevice(
  baseURL: string,
  name: string,
  options: { allowCamera?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<CameraDevice> {
  const videoFile = path.resolve("test-results", "cameras", `${name}-${process.pid}.y4m`);
  blankCameraVideo(videoFile);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      ...chromiumArgs,
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${videoFile}`,
    ],
  });
  const context = await browser.newContext({
    baseURL,
    viewport: options.viewport ?? { width: 390, height: 844 },
  });
  if (options.allowCamera !== false) await context.grantPermissions(["camera"], { origin: baseURL });
  const page = await context.newPage();
  return { browser, context, page, videoFile };
}
