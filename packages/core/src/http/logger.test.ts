import { expect, test, vi } from 'vitest';
import { createLogger, createRedactor } from './logger.js';

test('redacts the key, bearer tokens and URL query strings, deeply', () => {
  const redact = createRedactor(['sk-secret-key']);
  expect(redact('PUT https://storage.example.com/b/f?X-Amz-Signature=abc&X-Amz-Expires=60 failed')).toBe(
    'PUT https://storage.example.com/b/f?[redacted] failed',
  );
  expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]');
  expect(redact({ headers: { authorization: 'x', accept: 'sk-secret-key!' } })).toEqual({
    headers: { authorization: '[redacted]', accept: '[redacted]!' },
  });
  expect(redact(new Error('key sk-secret-key leaked'))).toBe('Error: key [redacted] leaked');
});

test('drops messages above the level', () => {
  const target = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() };
  const logger = createLogger({ level: 'warn', logger: target, secrets: [] });
  logger.error('e');
  logger.warn('w');
  logger.info('i');
  logger.debug('d');
  expect(
    [target.error, target.warn, target.info, target.debug].map((method) => method.mock.calls.length),
  ).toEqual([1, 1, 0, 0]);
  const off = createLogger({ level: 'off', logger: target, secrets: [] });
  off.error('x');
  expect(target.error).toHaveBeenCalledTimes(1);
});
