import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';

/**
 * Checks `Authorization: Bearer <token>`: with an `apiKey`, only that key passes; without one, any non-empty
 * token does. Throws a 401 otherwise.
 */
export function authorize(request: IncomingMessage, apiKey: string | undefined): void {
  const match = /^Bearer\s+(\S.*)$/i.exec(request.headers.authorization ?? '');
  const token = match?.[1]?.trim();
  if (!token) {
    throw new HttpError(401, 'Missing API key: send Authorization: Bearer <key>', {
      code: 'missing_api_key',
    });
  }
  if (apiKey !== undefined) {
    const given = Buffer.from(token);
    const expected = Buffer.from(apiKey);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HttpError(401, 'Invalid API key', { code: 'invalid_api_key' });
    }
  }
}
