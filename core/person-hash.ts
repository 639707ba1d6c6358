// The keyed hash that stands for an ID number: the hall server and its kiosks share the key, nobody else.
import { createHmac } from 'node:crypto';
import { normalizeIdNumber } from './id-card.ts';

export function personHash(key: Uint8Array, idNumber: string): string {
  return createHmac('sha256', key).update(normalizeIdNumber(idNumber)).digest('hex');
}
