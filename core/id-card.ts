// Resident ID numbers (GB 11643): validation, birth date, age and masking. Pure.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'length' | 'characters' | 'birth_date' | 'check_digit';

export interface IdNumberCheck {
  ok: boolean;
  problem?: IdNumberProblem;
  message?: string;
}

/** The check character (0-9 or X) that the first 17 digits call for. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Birth date encoded in positions 7–14, as YYYY-MM-DD, or null when not a real calendar date. */
export function idBirthDate(id: string): string | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export function checkIdNumber(raw: string): IdNumberCheck {
  const id = normalizeIdNumber(raw);
  if (id.length !== 18) {
    return { ok: false, problem: 'length', message: 'ID number must have 18 characters' };
  }
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) {
    return { ok: false, problem: 'characters', message: 'ID number must be 17 digits followed by a digit or X' };
  }
  if (idBirthDate(id) === null) {
    return { ok: false, problem: 'birth_date', message: 'ID number holds an impossible birth date' };
  }
  if (idCheckDigit(id) !== id[17]) {
    return { ok: false, problem: 'check_digit', message: 'ID number check digit is wrong: please re-check the number' };
  }
  return { ok: true };
}

/** Upper-case x and strip spaces people type or scanners add. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** Completed years of age on `today` (YYYY-MM-DD, the hall's local date). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/** 3201**********1234: first four and last four kept, the rest starred, length kept. */
export function maskIdNumber(raw: string): string {
  const id = normalizeIdNumber(raw);
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明; Latin names keep each word's first letter. */
export function maskName(raw: string): string {
  const name = raw.trim();
  if (name === '') return '';
  if (/^[\x20-\x7e]+$/.test(name)) {
    return name
      .split(/\s+/)
      .map((word) => word.slice(0, 1) + '*'.repeat(Math.max(0, word.length - 1)))
      .join(' ');
  }
  const chars = Array.from(name);
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
