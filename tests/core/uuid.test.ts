import { expect, it } from 'vitest';
import { z } from 'zod';
import { uuidv7 } from '../../core/uuid.ts';

it('makes RFC 9562 version-7 UUIDs that sort by time and do not repeat', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => uuidv7(1_700_000_000_000 + i));
  // Every id, across several refills of the random pool, has the version and variant bits.
  for (const id of ids) expect(z.uuid().safeParse(id).success && /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)).toBe(true);
  expect(ids[0]!.slice(14, 15)).toBe('7');
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(Array.from({ length: 2000 }, () => uuidv7(0))).size).toBe(2000);
  expect(uuidv7(0x0123456789ab).slice(0, 13)).toBe('01234567-89ab');
});

it('ids made in one millisecond sort in the order they were made, across a refill of the random pool', () => {
  for (const ms of [1_700_000_000_000, 1_700_000_000_001]) {
    const ids = Array.from({ length: 2049 }, () => uuidv7(ms));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(24))).size).toBe(ids.length);
  }
});
