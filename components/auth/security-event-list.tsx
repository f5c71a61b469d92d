import { When } from "@/components/ui/when";

export type SecurityEventRowKind =
  | "passkey_added"
  | "passkey_removed"
  | "passkey_renamed"
  | "recovery_codes_created"
  | "recovery_used"
  | "new_browser_sign_in"
  | "sessions_signed_out"
  | "payout_account_changed";

export interface SecurityEventRow {
  id: string;
  kind: SecurityEventRowKind;
  detail: string | null;
  createdAt: string;
}

function describe(kind: SecurityEventRowKind): string {
  switch (kind) {
    case "passkey_added":
      return "A passkey was added";
    case "passkey_removed":
      return "A passkey was removed";
    case "passkey_renamed":
      return "A passkey was renamed";
    case "recovery_codes_created":
      return "A set of recovery codes was made (any earlier codes no longer work)";
    case "recovery_used":
      return "A recovery code was used to add a passkey, and every browser was signed out";
    case "new_browser_sign_in":
      return "Someone signed in from a browser not used before";
    case "sessions_signed_out":
      return "Browsers were signed out";
    case "payout_account_changed":
      return "Where Scrip pays you was changed";
    default: {
      const unknown: never = kind;
      return unknown;
    }
  }
}

/** The account's security events, newest first, in plain words with the page's one date format. */
export function SecurityEventList({ events }: { events: SecurityEventRow[] }) {
  if (events.length === 0) return <p className="text-stone-700">Nothing has happened yet.</p>;
  return (
    <ol className="space-y-2" aria-label="Security events">
      {events.map((event) => (
        <li key={event.id} className="rounded-lg border border-stone-200 bg-white px-3 py-2 text-sm">
          <p className="font-medium break-words">
            {describe(event.kind)}
            {event.detail ? `: ${event.detail}` : ""}
          </p>
          <p className="text-stone-600">
            <When date={event.createdAt} />
          </p>
        </li>
      ))}
    </ol>
  );
}
