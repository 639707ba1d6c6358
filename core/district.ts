// The hall ↔ district link: what of a hall event may leave the hall (the log is masked already; this checks again on
// both ends), the district calendar applied with the hall's own overrides kept, and the link's state for its manager.
import { z } from 'zod';
import { CertificateTypeBody, TYPE_CODE, certificateType } from './certificates.ts';
import type { DistrictCalendar, HallSettings } from './model.ts';

/**
 * Keys whose values never leave the hall, whatever they hold: sealed call-back numbers, raw identity fields, and free
 * text a visitor or staff member typed (a rating's comment, a follow-up's resolution note), which may name a person
 * in words no pattern can find. The district's figures use none of them.
 */
const WITHHELD = ['phoneSealed', 'idCardNumber', 'idNumber', 'phone', 'personHash', 'sealed', 'sealedIdNumber', 'comment', 'resolutionNote'];
const WITHHELD_KEYS = new Set(WITHHELD);

/**
 * A clear 18-digit ID number (GB 11643) or a clear mainland mobile number inside any text; not inside a run of hex
 * digits (a UUID's last group may be 11 or 12 hex digits that happen to be decimal: an id, not a phone).
 */
const CLEAR_ID = /(?<![0-9a-fA-F-])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9a-fA-F-])/g;
const CLEAR_MOBILE = /(?<![0-9a-fA-F-])1[3-9]\d{9}(?![0-9a-fA-F-])/g;
const MAY_NEED_SCRUB = new RegExp(`${CLEAR_ID.source}|${CLEAR_MOBILE.source}|"(?:${WITHHELD.join('|')})"`);

const maskText = (text: string): string =>
  text.replace(CLEAR_ID, (id) => `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}`).replace(CLEAR_MOBILE, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`);

/** A copy of an event's data with withheld keys dropped and clear ID or phone numbers in any text masked. */
export function scrubEventData(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(scrubEventData);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (!WITHHELD_KEYS.has(key)) out[key] = scrubEventData(v);
    }
    return out;
  }
  return value;
}

/**
 * True when the JSON text carries something to scrub (a withheld key, a clear number) or a \u escape that could hide
 * one from this look at the text: most batches carry neither.
 */
export function mayNeedScrub(json: string): boolean {
  return json.includes('\\u') || MAY_NEED_SCRUB.test(json);
}

/** The hall's own changes to the district calendar: days it added, and district days it took out. */
export interface CalendarOverrides {
  addedHolidays: string[];
  removedHolidays: string[];
  addedWorkdays: string[];
  removedWorkdays: string[];
}

type CalendarSettings = Pick<HallSettings, 'holidays' | 'extraWorkdays' | 'districtCalendar'>;

const minus = (a: readonly string[], b: readonly string[]) => a.filter((d) => !b.includes(d));

export function calendarOverrides(s: CalendarSettings): CalendarOverrides {
  const d = s.districtCalendar ?? { version: 0, holidays: [], extraWorkdays: [] };
  return {
    addedHolidays: minus(s.holidays, d.holidays),
    removedHolidays: minus(d.holidays, s.holidays),
    addedWorkdays: minus(s.extraWorkdays, d.extraWorkdays),
    removedWorkdays: minus(d.extraWorkdays, s.extraWorkdays),
  };
}

/** The settings patch that applies a newer district calendar and keeps the hall's overrides; null when not newer. */
export function applyDistrictCalendar(
  s: CalendarSettings,
  published: DistrictCalendar,
): Pick<HallSettings, 'holidays' | 'extraWorkdays' | 'districtCalendar'> | null {
  if (published.version <= (s.districtCalendar?.version ?? 0)) return null;
  const o = calendarOverrides(s);
  const merge = (district: readonly string[], added: readonly string[], removed: readonly string[]) =>
    [...new Set([...minus(district, removed), ...added])].sort();
  return {
    holidays: merge(published.holidays, o.addedHolidays, o.removedHolidays),
    extraWorkdays: merge(published.extraWorkdays, o.addedWorkdays, o.removedWorkdays),
    districtCalendar: { version: published.version, holidays: [...published.holidays], extraWorkdays: [...published.extraWorkdays] },
  };
}

/** GET /api/v1/district-link on a hall. */
export interface DistrictLinkStatus {
  configured: boolean;
  urls: string[];
  /** The district URL in use (or tried next). */
  activeUrl: string | null;
  hallId: string | null;
  /** The last seq the district acknowledged. */
  ackedSeq: number;
  headSeq: number;
  /** Events the district does not hold yet, and how long the oldest of them has waited (seconds; 0 when none). */
  lagEvents: number;
  lagSeconds: number;
  connected: boolean;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** The district calendar version applied (0: none yet) and the hall's own changes to it. */
  calendarVersion: number;
  calendarOverrides: CalendarOverrides;
  /** The district certificate types version applied (0: none), and the codes this hall keeps its own edit of. */
  certificateTypesVersion: number;
  certificateTypeOverrides: string[];
  /** The district matter catalogue version applied (0: none), and the matter codes this hall keeps its own edit of. */
  mattersVersion: number;
  matterOverrides: string[];
}

/** A certificate type as the district publishes it: `{code, …}` with the body a hall's PUT /certificate-types/:code takes. */
export const PublishedCertificateType = z.looseObject({ code: TYPE_CODE }).transform((item, ctx) => {
  const { code, ...body } = item;
  const parsed = CertificateTypeBody.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.map(String) });
    return z.NEVER;
  }
  return certificateType(code, parsed.data);
});

/** The published certificate types: each code once. */
export const PublishedCertificateTypes = z
  .array(PublishedCertificateType)
  .max(200)
  .refine((items) => new Set(items.map((i) => i.code)).size === items.length, 'each code once');
