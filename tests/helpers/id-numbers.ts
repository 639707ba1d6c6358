import { idCheckDigit } from '../../core/id-card.ts';

/** An 18-character resident ID number with a correct check digit. */
export function makeIdNumber(birth: string, serial = 123, region = '320102'): string {
  const first17 = region + birth.replaceAll('-', '') + String(serial).padStart(3, '0');
  return first17 + idCheckDigit(first17);
}
