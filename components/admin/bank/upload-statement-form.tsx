"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { plural } from "@/lib/words/plural";

const maxBytes = 5 * 1024 * 1024;

interface ImportAnswer {
  credits: number;
  matched: number;
  review: number;
  repeated: number;
}

/** What an import did, in one sentence. */
function summary(answer: ImportAnswer): string {
  if (answer.credits === 0) return "Imported: the statement holds no incoming payments.";
  const parts = [`${answer.matched} matched and settled`, `${answer.review} for review`];
  if (answer.repeated > 0)
    parts.push(`${plural(answer.repeated, "payment")} already imported earlier, left as they were`);
  return `Imported: ${parts.join(", ")}.`;
}

/** Uploads the bank's camt.053 statement (checked to be at most 5 MB before it is sent) and shows what it did. */
export function UploadStatementForm() {
  const id = useId();
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const { busy, status, run, setStatus } = useActionStatus();

  function upload() {
    if (!file) {
      setStatus({ kind: "error", text: "Choose the bank statement file first." });
      return;
    }
    if (file.size > maxBytes) {
      setStatus({ kind: "error", text: "This file is larger than 5 MB. Ask the bank for a file per day." });
      return;
    }
    void run("Importing the statement…", async () => {
      const response = await fetch("/admin/bank/import", {
        method: "POST",
        headers: { "Content-Type": "application/xml" },
        body: file,
      });
      const body = (await response.json()) as ImportAnswer | { error: { message: string } };
      if ("error" in body) return { kind: "error", text: errorText(body.error) };
      router.refresh();
      return { kind: "success", text: summary(body) };
    });
  }

  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        upload();
      }}
    >
      <div className="space-y-1">
        <label htmlFor={id} className="block text-sm font-medium">
          Bank statement (camt.053 XML file, at most 5 MB)
        </label>
        <input
          id={id}
          type="file"
          accept=".xml,application/xml,text/xml"
          className="block w-full text-sm"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </div>
      <button type="submit" className={primaryButton} disabled={busy}>
        Import statement
      </button>
      <StatusMessage status={status} />
    </form>
  );
}
