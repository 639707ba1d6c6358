import { expect } from 'vitest';
import { HallApiError } from '../../client/hall-client.ts';

/** Awaits a call that must be refused; checks its status (and code when given) and returns the error. */
export async function apiError(p: Promise<unknown>, status?: number, code?: string): Promise<HallApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, `expected a ${status ?? ''} ${code ?? ''} error`).toBeInstanceOf(HallApiError);
  const err = e as HallApiError;
  expect({ status: err.status, code: err.code }).toEqual({ status: status ?? err.status, code: code ?? err.code });
  return err;
}
