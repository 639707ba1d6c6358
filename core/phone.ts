// A visitor's call-back number for a 好差评 follow-up: mainland mobile or landline, checked, normalised and masked.

const MOBILE = /^1[3-9]\d{9}$/;
/** Area code (010, 02x: three digits; others four) then a local number of 7 or 8 digits not starting 0 or 1. */
const LANDLINE = /^(?:0[12]\d|0[3-9]\d{2})[2-9]\d{6,7}$/;

/** Digits only: spaces, hyphens and brackets go, and a +86 / 0086 country code before a mobile number. */
export function normalizePhone(raw: string): string {
  const digits = raw.replace(/[\s\-()（）]/g, '').replace(/^\+/, '');
  const national = /^(?:0086|86)(1\d{10})$/.exec(digits);
  return national ? national[1]! : digits;
}

export function isValidPhone(phone: string): boolean {
  return MOBILE.test(phone) || LANDLINE.test(phone);
}

/** 138****5678, 010****5678: the first three digits (or the area code) and the last four. */
export function maskPhone(phone: string): string {
  const head = MOBILE.test(phone) ? 3 : /^0[12]/.test(phone) ? 3 : 4;
  const hidden = Math.max(0, phone.length - head - 4);
  return `${phone.slice(0, head)}${'*'.repeat(hidden)}${phone.slice(head + hidden)}`;
}
