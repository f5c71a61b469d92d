const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** The security pages' one date format ("28 Nov 2026, 21:40 UTC"); "Never" for no date. */
export const formatWhen = (iso: string | null) => (iso ? `${dateFormat.format(new Date(iso))} UTC` : "Never");
