import Link from "next/link";

/** The "← Section" link at the top of a detail page, back to the list it came from. */
export function BackLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <p>
      <Link href={href} className="text-brand-700 underline">
        ← {children}
      </Link>
    </p>
  );
}
