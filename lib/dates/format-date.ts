/**
 * Scrip's one date format for people: "29 Nov 2026, 14:05" (day, short month, year, 24-hour time) in the person's
 * time zone, with the zone named when it is not the browser's own (server renders name UTC). Every date a person
 * reads goes through these functions or the `<When>` component (components/ui/when.tsx), which renders them in the
 * browser's locale time zone.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
      timeZone,
    });
    formats.set(key, format);
  }
  return format;
}

/** "29 Nov 2026, 14:05 UTC" (or in `timeZone`, then without the suffix). */
export function formatDateTime(date: Date, timeZone?: string): string {
  const text = formatFor(timeZone ?? "UTC", true).format(date);
  return timeZone ? text : `${text} UTC`;
}

/** "29 Nov 2026" (the calendar day in `timeZone`, UTC by default). */
export function formatDate(date: Date, timeZone?: string): string {
  return formatFor(timeZone ?? "UTC", false).format(date);
}
