import { expect, it } from 'vitest';
import { z } from 'zod';
import { uuidv7 } from '../../core/uuid.ts';

it('makes RFC 9562 version-7 UUIDs that sort by time and do not repeat', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => uuidv7(1_700_000_000_000 + i));
  for (const id of ids.slice(0, 20)) expect(z.uuid().safeParse(id).success).toBe(true);
  expect(ids[0]!.slice(14, 15)).toBe('7');
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(Array.from({ length: 2000 }, () => uuidv7(0))).size).toBe(2000);
  expect(uuidv7(0x0123456789ab).slice(0, 13)).toBe('01234567-89ab');
});
