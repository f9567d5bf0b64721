import { describe, expect, expectTypeOf, test, vi } from 'vitest';
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  errorFromPlain,
  errorToPlain,
  FileCheckError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TogetherError,
  UnprocessableEntityError,
  UploadError,
} from './index.js';

const body = {
  error: { message: 'No such file', type: 'invalid_request_error', param: 'id', code: 'not_found' },
};

describe('APIError.fromResponse', () => {
  test.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
  ])('%i → %s', (status, ErrorClass) => {
    const error = APIError.fromResponse({
      status,
      error: body,
      headers: { 'x-request-id': 'req_1' },
      requestId: 'req_1',
    });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(TogetherError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`${status} No such file`);
    expect([error.code, error.type, error.param, error.requestId]).toEqual([
      'not_found',
      'invalid_request_error',
      'id',
      'req_1',
    ]);
  });

  test('other statuses stay APIError', () => {
    const error = APIError.fromResponse({ status: 418 });
    expect(error.constructor).toBe(APIError);
    expect(error.message).toBe('418 status code (no body)');
  });

  test('a text/plain body still reads well', () => {
    const error = APIError.fromResponse({ status: 502, error: 'Bad gateway: upstream closed\n' });
    expect(error.message).toBe('502 Bad gateway: upstream closed');
    expect(error.code).toBeUndefined();
  });

  test('connection errors are APIErrors without a status; timeouts are connection errors', () => {
    const timeout = new APITimeoutError();
    expect(timeout).toBeInstanceOf(APIConnectionError);
    expect(timeout).toBeInstanceOf(APIError);
    expect(timeout.status).toBeUndefined();
    expect(new APIUserAbortError()).not.toBeInstanceOf(APIConnectionError);
    expect(new UploadError({ step: 'put' })).not.toBeInstanceOf(APIError);
  });
});

describe('instanceof across copies of the package', () => {
  test('an error from another copy matches our classes, and only the right ones', async () => {
    vi.resetModules();
    const copy = await import('./index.js');
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    const foreign = new copy.NotFoundError({ status: 404 });
    expect(Object.getPrototypeOf(foreign)).not.toBe(NotFoundError.prototype);
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(foreign).toBeInstanceOf(APIError);
    expect(foreign).toBeInstanceOf(TogetherError);
    expect(foreign).not.toBeInstanceOf(AuthenticationError);
    expect(foreign).not.toBeInstanceOf(APIConnectionError);
    expect(new NotFoundError({ status: 404 })).toBeInstanceOf(copy.NotFoundError);
  });

  test('isInstance tests the same marker, on any class, and narrows the type', async () => {
    vi.resetModules();
    const copy = await import('./index.js');
    const foreign: unknown = new copy.APITimeoutError();
    expect(NotFoundError.isInstance(foreign)).toBe(false);
    expect(
      [APITimeoutError, APIConnectionError, APIError, TogetherError].map((c) => c.isInstance(foreign)),
    ).toEqual([true, true, true, true]);
    expect(APIUserAbortError.isInstance(foreign)).toBe(false);
    if (APIError.isInstance(foreign)) expectTypeOf(foreign).toEqualTypeOf<APIError>();
    expect(TogetherError.isInstance(new Error('x'))).toBe(false);
    expect(TogetherError.isInstance({ name: 'NotFoundError' })).toBe(false);
    expect(TogetherError.isInstance(null)).toBe(false);
    // The name is the declared one, whatever a bundler calls the class.
    expect([foreign instanceof Error && foreign.name, new copy.UploadError({ step: 'put' }).name]).toEqual([
      'APITimeoutError',
      'UploadError',
    ]);
    expect(Object.keys(new NotFoundError({ status: 404 }))).not.toContain('name');
  });

  test('a user subclass falls back to the prototype test', () => {
    class MyError extends NotFoundError {}
    expect(new MyError({ status: 404 })).toBeInstanceOf(MyError);
    expect(MyError.isInstance(new MyError({ status: 404 }))).toBe(true);
    expect(MyError.isInstance(new NotFoundError({ status: 404 }))).toBe(false);
    expect(new MyError({ status: 404 })).toBeInstanceOf(NotFoundError);
    expect(new NotFoundError({ status: 404 })).not.toBeInstanceOf(MyError);
    expect({}).not.toBeInstanceOf(TogetherError);
    expect(new Error('x')).not.toBeInstanceOf(TogetherError);
  });
});

describe('errorToPlain / errorFromPlain', () => {
  const report = {
    is_check_passed: false,
    message: 'Line 3 is not valid JSON',
    found: true,
    file_size: 10,
    utf8: true,
    line_type: null,
    text_field: null,
    key_value: null,
    has_min_samples: null,
    num_samples: null,
    load_json: false,
    load_csv: null,
    load_parquet: null,
    filetype: 'jsonl' as const,
    line_number: 3,
    failed_check: 'load_json' as const,
    warnings: [],
    warning_count: 0,
  };

  test.each([
    () =>
      APIError.fromResponse({
        status: 429,
        error: body,
        headers: { 'retry-after': '1' },
        requestId: 'req_9',
      }),
    () => new APITimeoutError({ message: 'Request timed out after 5 ms.' }),
    () => new APIUserAbortError(),
    () => new APIConnectionError({ message: 'Connection error: reset' }),
    () => new FileCheckError({ report }),
    () => new UploadError({ step: 'part', cause: APIError.fromResponse({ status: 500, error: 'boom' }) }),
    () => new TogetherError('Missing API key'),
    () => new TypeError('bad'),
  ])('round trip %#: same class, fields and message, through structuredClone', (make) => {
    const original = make();
    const plain = structuredClone(errorToPlain(original));
    const rebuilt = errorFromPlain(plain);
    expect(rebuilt.constructor).toBe(original.constructor);
    expect(rebuilt.message).toBe(original.message);
    expect(rebuilt.name).toBe(original.name);
    if (original instanceof APIError) {
      const copy = rebuilt as APIError;
      expect([copy.status, copy.headers, copy.error, copy.requestId, copy.code]).toEqual([
        original.status,
        original.headers,
        original.error,
        original.requestId,
        original.code,
      ]);
    }
    if (original instanceof FileCheckError) expect((rebuilt as FileCheckError).report).toEqual(report);
    if (original instanceof UploadError) {
      expect((rebuilt as UploadError).step).toBe('part');
      expect(rebuilt.cause).toBeInstanceOf(InternalServerError);
      expect((rebuilt.cause as Error).message).toBe('500 boom');
    }
  });

  test('a non-error value becomes a plain Error', () => {
    expect(errorFromPlain(errorToPlain('oops'))).toEqual(new Error('oops'));
    const custom = errorFromPlain({ name: 'WeirdError', message: 'w' });
    expect([custom.name, custom.message]).toEqual(['WeirdError', 'w']);
  });
});

describe('FileCheckError', () => {
  test('names the failing line once, as the check reported it', async () => {
    const { checkFile } = await import('@together-files/check');
    const bytes = new TextEncoder().encode('{"text": "ok"}\nnot json\n');
    const report = await checkFile(bytes, { filename: 'broken.jsonl', purpose: 'eval' });
    const error = new FileCheckError({ report });
    expect(report.line_number).toBe(2);
    expect(error.message).toMatch(/^File check failed: Line 2: /);
    expect(error.message.match(/line 2/gi)).toHaveLength(1);
  });
});
