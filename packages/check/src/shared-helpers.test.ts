import { describe, expect, test } from 'vitest';
import { headerRecord } from './headers.js';
import { builtWorkerEntry } from './worker-entry.js';

describe('builtWorkerEntry', () => {
  test('the entry of the same build beside the module; from the sources, the built one or none', () => {
    expect(builtWorkerEntry('file:///pkg/dist/index.js', 'worker', '../dist/').href).toBe(
      'file:///pkg/dist/worker.js',
    );
    expect(builtWorkerEntry('file:///pkg/dist/index.cjs', 'worker', '../dist/').href).toBe(
      'file:///pkg/dist/worker.cjs',
    );
    expect(builtWorkerEntry('file:///pkg/src/worker-entry.ts', 'worker', '../dist/').href).toBe(
      'file:///pkg/dist/worker.js',
    );
    expect(builtWorkerEntry('file:///pkg/src/chunk-workers.ts', 'check-worker')).toBeUndefined();
    expect(builtWorkerEntry('file:///pkg/dist/index.js', 'check-worker')?.href).toBe(
      'file:///pkg/dist/check-worker.js',
    );
  });
});

describe('headerRecord', () => {
  test("fetch's Headers and node's parsed record give the same lower-case record", () => {
    const headers = new Headers({ 'Content-Type': 'text/plain', 'X-Request-Id': 'req_1' });
    headers.append('Vary', 'accept');
    headers.append('Vary', 'origin');
    const node = {
      'content-type': 'text/plain',
      'x-request-id': 'req_1',
      vary: ['accept', 'origin'],
      'content-length': undefined,
    };
    const expected = { 'content-type': 'text/plain', 'x-request-id': 'req_1', vary: 'accept, origin' };
    expect(headerRecord(headers)).toEqual(expected);
    expect(headerRecord(node)).toEqual(expected);
  });
});
