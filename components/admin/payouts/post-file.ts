// Browser-side: POSTs a file's bytes to one of Scrip's route handlers. Imported only by client components.
import type { Outcome } from "@/components/auth/passkey-client";

/** Sends `file` as the request body and returns the route's `{ data }` or its `{ error }`. */
export async function postFile<T>(url: string, file: File): Promise<Outcome<T>> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: file,
    });
    const json = (await response.json().catch(() => null)) as {
      data?: T;
      error?: { code: string; message: string };
    } | null;
    if (response.ok && json && "data" in json) return { ok: true, data: json.data as T };
    return {
      ok: false,
      error: {
        code: json?.error?.code ?? "INTERNAL",
        message: json?.error?.message ?? "Something went wrong; please try again.",
      },
    };
  } catch {
    return {
      ok: false,
      error: { code: "NETWORK", message: "Scrip could not be reached; check your connection." },
    };
  }
}
