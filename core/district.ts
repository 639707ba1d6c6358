// The hall ↔ district link: what of a hall event may leave the hall (the log is masked already; this checks again on
// both ends), and the link's state as the hall's manager sees it.

/** Keys whose values never leave the hall, whatever they hold (sealed call-back numbers, raw identity fields). */
const WITHHELD_KEYS = new Set(['phoneSealed', 'idCardNumber', 'idNumber', 'phone', 'personHash', 'sealed', 'sealedIdNumber']);

/** A clear 18-digit ID number (GB 11643) or a clear mainland mobile number inside any text. */
const CLEAR_ID = /(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])/g;
const CLEAR_MOBILE = /(?<![0-9])1[3-9]\d{9}(?![0-9])/g;

const maskText = (text: string): string =>
  text
    .replace(CLEAR_ID, (id) => `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}`)
    .replace(CLEAR_MOBILE, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`);

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

/** True when the JSON text may carry something to scrub: most events have no long digit runs and no withheld key. */
export function mayNeedScrub(json: string): boolean {
  return /\d{11}|"(?:phoneSealed|idCardNumber|idNumber|phone|personHash|sealed|sealedIdNumber)"/.test(json);
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
}
