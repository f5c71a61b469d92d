const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** Notifications' one date format, the same as the security pages' ("28 Nov 2026, 21:40 UTC"). */
export const formatNotificationDate = (date: Date): string => `${dateFormat.format(date)} UTC`;
