"use client";

import { useState } from "react";
import type { Status } from "./status-message";

/**
 * The busy flag and progress/outcome message every action button shows: `run` disables the controls, shows
 * `progress` while `work` runs, then shows the status `work` returns.
 */
export function useActionStatus() {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  async function run(progress: string, work: () => Promise<Status>): Promise<void> {
    setBusy(true);
    setStatus({ kind: "progress", text: progress });
    try {
      setStatus(await work());
    } finally {
      setBusy(false);
    }
  }
  return { busy, status, run };
}
