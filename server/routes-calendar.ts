// The hall calendar: holidays close the hall for issuing, 调休 workdays open it (core/hall-calendar.ts); a year at a time.
import { calendarYear, parseCalendarCsv, parseCalendarJson } from '../core/hall-calendar.ts';
import { invalid } from '../core/errors.ts';
import { CalendarImportBody } from '../core/schemas.ts';
import { route, type RouteDef } from './http.ts';
import { ANY, MANAGER, ok, type HallContext } from './routes.ts';

function yearOf(text: string | undefined): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text ?? '') || year < 2000 || year > 2100) throw invalid('year', 'a year such as 2027');
  return year;
}

export function calendarRoutes(hall: HallContext): RouteDef[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/calendar/:year',
      roles: ANY,
      tag: 'setup',
      summary: "A year's holidays (the hall takes no tickets) and 调休 workdays (open with Monday's hours)",
      ok: { status: 200, description: '{year, items:[{date, kind: "holiday"|"workday", name}]}' },
      handler: ({ params }) => {
        const year = yearOf(params.year);
        return ok({ year, items: calendarYear(hall.settings(), year) });
      },
    }),
    route({
      method: 'PUT',
      path: '/api/v1/calendar/:year',
      roles: MANAGER,
      body: CalendarImportBody,
      tag: 'setup',
      summary: 'Replace a year of the calendar from a CSV (date,kind,name lines) or JSON ([{date, kind, name}]) file; a bad line is named',
      ok: { status: 200, description: '{year, items}: the year as stored' },
      handler: async ({ params, body }) => {
        const year = yearOf(params.year);
        const entries = body.format === 'csv' ? parseCalendarCsv(body.content, year) : parseCalendarJson(body.content, year);
        return ok(await hall.run('importCalendar', year, entries));
      },
    }),
  ];
}
