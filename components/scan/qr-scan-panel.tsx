"use client";

import type QrScanner from "qr-scanner";
import { type FormEvent, type RefObject, useEffect, useId, useRef, useState } from "react";
import { primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";
import { type Status, StatusMessage } from "@/components/ui/status-message";

type CameraState = "off" | "opening" | "scanning";

/** Stops the scanner and every track of the camera stream, so the camera light goes off. */
function releaseCamera(scanner: RefObject<QrScanner | null>, video: RefObject<HTMLVideoElement | null>) {
  scanner.current?.destroy();
  scanner.current = null;
  const stream = video.current?.srcObject;
  if (stream instanceof MediaStream) for (const track of stream.getTracks()) track.stop();
  if (video.current) video.current.srcObject = null;
}

/** Why the camera could not open, in words a person can act on (the DOMException names getUserMedia throws). */
export function cameraErrorText(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "Scrip may not use the camera. To scan, allow the camera for this site in your browser's settings, then tap Scan again — or paste the code below.";
    case "NotFoundError":
    case "OverconstrainedError":
      return "This device has no camera Scrip can use. Paste the code or link below instead.";
    case "NotReadableError":
    case "AbortError":
      return "The camera is busy in another app. Close it there and tap Scan again, or paste the code below.";
    default:
      return "The camera could not be opened. Tap Scan to try again, or paste the code below.";
  }
}

/**
 * Scans a QR code with the device's camera inside the page (qr-scanner, decoding in a worker), or takes a pasted
 * code or link. The camera is asked for only when the person taps Scan, and stops as soon as a code is read, when
 * they tap Stop, or when the panel goes away. `onResult` receives the text; it says what went wrong by returning an
 * error sentence (the panel shows it and the person may scan again), or nothing when it took the code.
 */
export function QrScanPanel({
  scanLabel = "Scan with camera",
  pasteLabel = "Or paste the code or link",
  pastePlaceholder,
  onResult,
}: {
  scanLabel?: string;
  pasteLabel?: string;
  pastePlaceholder?: string;
  onResult: (text: string) => Promise<string | undefined> | string | undefined;
}) {
  const ids = useId();
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<QrScanner | null>(null);
  const handling = useRef(false);
  const [camera, setCamera] = useState<CameraState>("off");
  const [status, setStatus] = useState<Status>(null);
  const [pasted, setPasted] = useState("");

  function stop() {
    releaseCamera(scanner, video);
    setCamera("off");
  }

  // Leaving the page turns the camera off.
  useEffect(() => () => releaseCamera(scanner, video), []);

  async function handle(text: string) {
    if (handling.current) return;
    handling.current = true;
    setStatus({ kind: "progress", text: "Reading the code…" });
    try {
      const problem = await onResult(text);
      setStatus(problem ? { kind: "error", text: problem } : null);
    } finally {
      handling.current = false;
    }
  }

  async function start() {
    const element = video.current;
    if (!element || camera !== "off") return;
    setStatus(null);
    setCamera("opening");
    let stream: MediaStream;
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new DOMException("no media devices", "NotFoundError");
      // Asked here rather than inside qr-scanner, which reports every failure as "Camera not found".
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: "environment" } },
        audio: false,
      });
    } catch (error) {
      setCamera("off");
      setStatus({ kind: "error", text: cameraErrorText(error) });
      return;
    }
    try {
      const { default: Scanner } = await import("qr-scanner");
      element.srcObject = stream;
      const instance = new Scanner(
        element,
        (result) => {
          stop();
          void handle(result.data);
        },
        { returnDetailedScanResult: true, maxScansPerSecond: 8, preferredCamera: "environment" },
      );
      scanner.current = instance;
      await instance.start();
      setCamera("scanning");
    } catch (error) {
      stop();
      setStatus({ kind: "error", text: cameraErrorText(error) });
    }
  }

  function submitPasted(event: FormEvent) {
    event.preventDefault();
    const text = pasted.trim();
    if (!text) {
      setStatus({ kind: "error", text: "Paste or type the code first." });
      return;
    }
    void handle(text);
  }

  return (
    <div className="space-y-4">
      <div className="space-y-3">
        <video
          ref={video}
          muted
          playsInline
          aria-label="Camera view"
          data-testid="scan-video"
          className={
            camera === "off" ? "hidden" : "aspect-square w-full max-w-sm rounded-xl bg-stone-900 object-cover"
          }
        />
        {camera === "scanning" ? (
          <p className="text-sm text-stone-700">Hold the QR code inside the picture. It is read by itself.</p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {camera === "off" ? (
            <button type="button" className={primaryButton} onClick={() => void start()}>
              {scanLabel}
            </button>
          ) : (
            <button type="button" className={secondaryButton} onClick={stop}>
              {camera === "opening" ? "Opening the camera…" : "Stop the camera"}
            </button>
          )}
        </div>
      </div>
      <StatusMessage status={status} />
      <form onSubmit={submitPasted} className="space-y-2">
        <label htmlFor={`${ids}-paste`} className="block font-medium">
          {pasteLabel}
        </label>
        <div className="flex flex-wrap gap-2">
          <input
            id={`${ids}-paste`}
            className={`${textInput} min-w-0 flex-1`}
            value={pasted}
            maxLength={4000}
            autoComplete="off"
            spellCheck={false}
            placeholder={pastePlaceholder}
            onChange={(event) => setPasted(event.target.value)}
          />
          <button type="submit" className={secondaryButton}>
            Continue
          </button>
        </div>
      </form>
    </div>
  );
}
