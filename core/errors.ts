// One error type for every refusal the hall makes; the HTTP edge maps it to the contract's error body.

export class HallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HallError';
  }
}

/** `what` names the record ('follow-up' → FOLLOW_UP_NOT_FOUND: codes are upper case letters, digits and _). */
export const notFound = (what: string, id: string): HallError =>
  new HallError(404, `${what.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_NOT_FOUND`, `${what} ${JSON.stringify(id)} does not exist: check the id`);

export const conflict = (code: string, message: string, details?: Record<string, unknown>): HallError => new HallError(409, code, message, details);

export const forbidden = (code: string, message: string): HallError => new HallError(403, code, message);

export const invalid = (field: string, message: string): HallError => new HallError(400, 'VALIDATION_FAILED', `${field}: ${message}`, { field });
