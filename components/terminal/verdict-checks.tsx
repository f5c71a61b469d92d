import type { TerminalVerdict } from "@/lib/terminal/terminal-types";

/** The checks this device made on an offered coupon, each passed or failed, in plain words. */
export function VerdictChecks({ verdict }: { verdict: TerminalVerdict }) {
  return (
    <div className="space-y-1 text-sm">
      <p className="font-medium">
        {verdict.ok
          ? "This device checked the coupon:"
          : "This device checked the coupon and found a problem:"}
      </p>
      <ul aria-label="What this device checked" className="space-y-1">
        {verdict.checks.map((check) => (
          <li key={`${check.name}: ${check.text}`} className={check.ok ? "text-brand-900" : "text-red-800"}>
            <span aria-hidden="true">{check.ok ? "✓ " : "✗ "}</span>
            <span className="sr-only">{check.ok ? "Passed: " : "Failed: "}</span>
            {check.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
