/** A live region for progress and errors of an async action, so screen readers hear it too. */
export function StatusMessage({
  status,
}: {
  status: { kind: "progress" | "error" | "success"; text: string } | null;
}) {
  if (!status) return <p aria-live="polite" className="sr-only" />;
  const tone =
    status.kind === "error"
      ? "border-red-200 bg-red-50 text-red-800"
      : status.kind === "success"
        ? "border-brand-100 bg-brand-50 text-brand-900"
        : "border-stone-200 bg-stone-50 text-stone-700";
  return (
    <p
      role={status.kind === "error" ? "alert" : "status"}
      aria-live="polite"
      className={`rounded-lg border px-3 py-2 text-sm ${tone}`}
    >
      {status.text}
    </p>
  );
}

export type Status = { kind: "progress" | "error" | "success"; text: string } | null;

/** The message to show for a failed action, with the wait for rate limits. */
export function errorText(error: { message: string; retryAfterSeconds?: number }): string {
  return error.retryAfterSeconds && !/\d+ seconds?/.test(error.message)
    ? `${error.message} (try again in ${error.retryAfterSeconds} s)`
    : error.message;
}
