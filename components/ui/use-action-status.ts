"use client";

import { useRef, useState } from "react";
import type { Status } from "./status-message";

/** Shown when an action throws instead of answering (the connection dropped, the server restarted). */
export const unreachableText =
  "Scrip could not be reached, so nothing was done. Check your connection and try again.";

/**
 * The busy flag and progress/outcome message every action button shows: `run` disables the controls, shows
 * `progress` while `work` runs, then shows the status `work` returns. Work that throws shows
 * {@link unreachableText} and gives the controls back, never a button stuck on "busy". `setStatus` is for
 * messages that need no round trip (e.g. "Copied.").
 * A second `run` while one is under way is ignored, so a double click (both clicks land before React has
 * re-rendered the disabled button) never submits twice.
 */
export function useActionStatus() {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const running = useRef(false);
  async function run(progress: string, work: () => Promise<Status>): Promise<void> {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setStatus({ kind: "progress", text: progress });
    try {
      setStatus(await work());
    } catch (error) {
      console.error(error);
      setStatus({ kind: "error", text: unreachableText });
    } finally {
      running.current = false;
      setBusy(false);
    }
  }
  return { busy, status, run, setStatus };
}
