"use client";

import { useEffect, useState } from "react";
import { formatDate, formatDateTime } from "@/lib/dates/format-date";

/**
 * A date as people read it everywhere in Scrip (lib/dates/format-date.ts): rendered in UTC on the server and then
 * in the browser's own time zone once it runs, inside a <time> element carrying the exact instant.
 */
export function When({ date, withTime = true }: { date: Date | string; withTime?: boolean }) {
  const instant = typeof date === "string" ? new Date(date) : date;
  const [timeZone, setTimeZone] = useState<string | undefined>(undefined);
  useEffect(() => setTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const text = withTime ? formatDateTime(instant, timeZone) : formatDate(instant, timeZone);
  return (
    <time dateTime={instant.toISOString()} suppressHydrationWarning>
      {text}
    </time>
  );
}
