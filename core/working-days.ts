// Working days for follow-up deadlines: Monday–Friday, less public holidays, plus make-up working days (调休).

const DAY_MS = 86_400_000;

export interface WorkCalendar {
  holidays: readonly string[];
  extraWorkdays: readonly string[];
}

export function isWorkingDay(day: string, calendar: WorkCalendar): boolean {
  if (calendar.extraWorkdays.includes(day)) return true;
  if (calendar.holidays.includes(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The working day that is `n` working days after `day` (YYYY-MM-DD). */
export function addWorkingDays(day: string, n: number, calendar: WorkCalendar): string {
  let t = Date.parse(`${day}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), calendar)) left -= 1;
  }
  return new Date(t).toISOString().slice(0, 10);
}
