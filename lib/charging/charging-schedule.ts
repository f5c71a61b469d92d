/** How often scheduled charging runs close a period. Periods end at UTC midnight boundaries. */
export const chargingSchedules = ["daily", "weekly", "monthly"] as const;
export type ChargingSchedule = (typeof chargingSchedules)[number];

/** The schedule from SCRIP_CHARGING_SCHEDULE (default monthly); an unknown value fails loudly at start-up. */
export function chargingScheduleFromEnv(
  env: Record<string, string | undefined> = process.env,
): ChargingSchedule {
  const value = (env.SCRIP_CHARGING_SCHEDULE ?? "monthly").trim().toLowerCase();
  if (!(chargingSchedules as readonly string[]).includes(value)) {
    throw new Error(
      `SCRIP_CHARGING_SCHEDULE must be one of ${chargingSchedules.join(", ")} (got "${value}")`,
    );
  }
  return value as ChargingSchedule;
}

/** True when `at` is exactly a UTC midnight. */
export function isUtcMidnight(at: Date): boolean {
  return (
    at.getUTCHours() === 0 &&
    at.getUTCMinutes() === 0 &&
    at.getUTCSeconds() === 0 &&
    at.getUTCMilliseconds() === 0
  );
}

/**
 * The end of the latest period of `schedule` that has closed at `now`: today's UTC midnight (daily), the
 * latest Monday's (weekly) or the first of this month's (monthly).
 */
export function latestPeriodEnd(schedule: ChargingSchedule, now: Date): Date {
  const midnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  switch (schedule) {
    case "daily":
      return midnight;
    case "weekly": {
      const sinceMonday = (midnight.getUTCDay() + 6) % 7;
      return new Date(midnight.getTime() - sinceMonday * 86_400_000);
    }
    case "monthly":
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    default: {
      const unreachable: never = schedule;
      throw new Error(`unknown schedule ${unreachable}`);
    }
  }
}

/** The cron expression (UTC) at which the scheduled charging job runs: just after each period closes. */
export function chargingCron(schedule: ChargingSchedule): string {
  switch (schedule) {
    case "daily":
      return "5 0 * * *";
    case "weekly":
      return "5 0 * * 1";
    case "monthly":
      return "5 0 1 * *";
    default: {
      const unreachable: never = schedule;
      throw new Error(`unknown schedule ${unreachable}`);
    }
  }
}
