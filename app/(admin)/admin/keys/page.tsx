import type { Metadata } from "next";
import { LoadError } from "@/components/admin/load-error";
import { RotateKeyForm } from "@/components/admin/rotate-key-form";
import { When } from "@/components/ui/when";
import { backOfficeNotAllowed, pageActor } from "@/lib/auth/page-actor";
import { formatDateTime } from "@/lib/dates/format-date";
import { loadIssuerKeys } from "../loaders";

export const metadata: Metadata = { title: "Keys · Back office" };

const purposes = [
  { purpose: "value", label: "value key", about: "signs each coupon's value part" },
  {
    purpose: "owner_attestation",
    label: "owner-attestation key",
    about: "countersigns who owns a coupon (and a shop's ownership)",
  },
] as const;

export default async function KeysPage() {
  const { actor } = await pageActor({
    permission: "admin.read",
    next: "/admin/keys",
    denied: backOfficeNotAllowed,
  });
  const result = await loadIssuerKeys(actor, {});
  if (!result.ok) return <LoadError title="Issuer keys" error={result.error} />;
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-3xl font-semibold tracking-tight">Issuer keys</h1>
        <p className="text-stone-700">
          Ed25519 keys published at{" "}
          <a href="/.well-known/jwks.json" className="text-brand-700 underline">
            /.well-known/jwks.json
          </a>
          . Rotating makes a new active key at once; retired keys stay published so everything they signed
          keeps verifying.
        </p>
      </header>
      {purposes.map(({ purpose, label, about }) => {
        const keys = result.data.filter((key) => key.purpose === purpose);
        return (
          <section
            key={purpose}
            aria-labelledby={`keys-${purpose}`}
            className="space-y-4 rounded-xl border border-stone-200 bg-white p-5"
          >
            <div>
              <h2 id={`keys-${purpose}`} className="text-xl font-semibold capitalize">
                {label}
              </h2>
              <p className="text-sm text-stone-600">It {about}.</p>
            </div>
            {keys.length === 0 ? (
              <p className="text-stone-700">No key yet: one is made when it is first needed.</p>
            ) : (
              <ul className="divide-y divide-stone-200" aria-label={`${label}s`}>
                {keys.map((key) => (
                  <li key={key.kid} className="space-y-1 py-3" data-key-status={key.status}>
                    <div className="flex flex-wrap items-center gap-2">
                      <code className="break-all font-mono text-sm">{key.kid}</code>
                      <span
                        className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
                          key.status === "active"
                            ? "bg-emerald-50 text-emerald-800 ring-emerald-600/30"
                            : "bg-stone-100 text-stone-700 ring-stone-500/30"
                        }`}
                      >
                        {key.status === "active" ? "Active" : "Retired"}
                      </span>
                    </div>
                    <p className="text-sm text-stone-600">
                      Created <When date={key.createdAt} />
                      {key.retiredAt ? ` · retired ${formatDateTime(key.retiredAt)}` : ""}
                    </p>
                    <p className="break-all font-mono text-xs text-stone-500">x = {key.publicKey}</p>
                  </li>
                ))}
              </ul>
            )}
            <RotateKeyForm purpose={purpose} label={label} />
          </section>
        );
      })}
    </div>
  );
}
