// Working days for follow-up deadlines: Monday–Friday, less public holidays, plus make-up working days (调休).
import { addDays } from './time.ts';

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
  let d = day;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, calendar)) left -= 1;
  }
  return d;
}
