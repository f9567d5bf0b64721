import { describe, expect, test } from 'vitest';
import { FaultPlan, faultError, parseFault } from './faults.js';

describe('FaultPlan', () => {
  test('each matching request uses one hit of the first fault for its route', () => {
    const plan = new FaultPlan();
    plan.add({ route: 'listFiles', status: 500, times: 2 }, { route: '*', status: 503 });
    expect(plan.take('retrieveFile')?.status).toBe(503);
    expect(plan.take('retrieveFile')).toBeUndefined();
    expect(plan.take('listFiles')?.status).toBe(500);
    expect(plan.list()).toEqual([{ route: 'listFiles', status: 500, times: 1 }]);
    expect(plan.take('listFiles')?.status).toBe(500);
    expect(plan.take('listFiles')).toBeUndefined();
  });

  test('times 0 plans nothing; clear drops everything', () => {
    const plan = new FaultPlan();
    plan.add({ route: 'listFiles', status: 500, times: 0 });
    expect(plan.list()).toEqual([]);
    plan.add({ route: '*', delayMs: 5, times: 3 });
    plan.clear();
    expect(plan.take('storagePut')).toBeUndefined();
  });

  test('a status fault becomes ErrorData with the retry headers', () => {
    const error = faultError({ route: 'storagePut', status: 429, retryAfter: 2, retryAfterMs: 1500 });
    expect(error.status).toBe(429);
    expect(error.options.headers).toEqual({ 'retry-after': '2', 'retry-after-ms': '1500' });
    expect(error.toBody().error).toMatchObject({ type: 'rate_limit_error', code: 'injected_fault' });
  });
});

describe('parseFault', () => {
  test('takes a full fault', () => {
    const fault = {
      route: 'retrieveFileContent',
      times: 2,
      status: 502,
      retryAfter: 1,
      retryAfterMs: 10,
      headers: { 'x-should-retry': 'true' },
      resetAfterBytes: 100,
      delayMs: 5,
    };
    expect(parseFault(fault)).toEqual(fault);
  });

  test.each([
    null,
    [],
    { route: 'nope' },
    { route: '*', status: 99 },
    { route: '*', delayMs: -1 },
    { route: '*', x: 1 },
  ])('refuses %o', (value) => {
    expect(() => parseFault(value)).toThrow();
  });
});
