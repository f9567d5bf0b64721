import { describe, expect, test } from 'vitest';
import { NotFoundError } from '../errors/api-error.js';
import { createFilesContext } from '../http/create-files-context.js';
import { deleteFile } from './file-operations.js';

const quiet = { error() {}, warn() {}, info() {}, debug() {} };
const notFound = () =>
  new Response(JSON.stringify({ error: { message: 'File not found', type: 'invalid_request_error' } }), {
    status: 404,
    headers: { 'content-type': 'application/json', 'x-request-id': 'req_404' },
  });

/** A context whose fetch answers each attempt from `answers` (a function throws to mimic a lost answer). */
function setup(answers: Array<() => Response>) {
  let attempts = 0;
  const context = createFilesContext({
    apiKey: 'sk-test',
    baseURL: 'https://api.example.com/v1',
    maxRetryDelay: 1,
    logger: quiet,
    fetch: (async () => answers[attempts++]!()) as typeof fetch,
  });
  return { context, attempts: () => attempts };
}

describe('deleteFile', () => {
  test('a 404 on the retry after a lost answer means the lost attempt deleted the file', async () => {
    const { context, attempts } = setup([
      () => {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        });
      },
      notFound,
    ]);
    const result = await deleteFile(context, 'file-1');
    expect(result).toEqual({ id: 'file-1', object: 'file', deleted: true });
    expect(result._requestId).toBe('req_404');
    expect(attempts()).toBe(2);
  });

  test('a 404 on the first attempt, or after a retried 503, stays NotFoundError', async () => {
    const first = setup([notFound]);
    await expect(deleteFile(first.context, 'file-1')).rejects.toBeInstanceOf(NotFoundError);
    const afterStatus = setup([
      () => new Response('{"error":{"message":"busy"}}', { status: 503 }),
      notFound,
    ]);
    await expect(deleteFile(afterStatus.context, 'file-1')).rejects.toBeInstanceOf(NotFoundError);
    expect(afterStatus.attempts()).toBe(2);
  });
});
