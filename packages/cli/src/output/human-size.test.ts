import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatRate, formatTimestamp } from './human-size.js';

describe('formatBytes', () => {
  it('keeps whole bytes below one KiB and one decimal above', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(26_542_080)).toBe('25.3 MiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
  });

  it('says ? for what is not a size', () => {
    expect(formatBytes(-1)).toBe('?');
    expect(formatBytes(Number.NaN)).toBe('?');
  });
});

describe('formatRate and formatDuration', () => {
  it('divides bytes by seconds, and shows - before time has passed', () => {
    expect(formatRate(10 * 1024 * 1024, 2)).toBe('5.0 MiB/s');
    expect(formatRate(100, 0)).toBe('-');
  });

  it('writes seconds, minutes and hours short', () => {
    expect(formatDuration(4.4)).toBe('4s');
    expect(formatDuration(65)).toBe('1m 05s');
    expect(formatDuration(7380)).toBe('2h 03m');
    expect(formatDuration(Number.NaN)).toBe('-');
  });
});

describe('formatTimestamp', () => {
  it('shows unix seconds as a UTC minute', () => {
    expect(formatTimestamp(1715021438)).toBe('2024-05-06 18:50');
  });
});
