import { describe, expect, test } from 'vitest';
import {
  MAX_FILE_SIZE,
  MIN_PART_SIZE,
  MULTIPART_THRESHOLD,
  planUpload,
  resolveUploadSettings,
  TARGET_PART_SIZE,
} from './plan.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('planUpload with the contract defaults', () => {
  test('constants', () => {
    expect(MULTIPART_THRESHOLD).toBe(5_368_709_120);
    expect(TARGET_PART_SIZE).toBe(250 * MiB);
    expect(MAX_FILE_SIZE).toBe(Math.floor(50.1 * GiB));
  });

  test('exactly 5 GiB is one part; one byte more is multipart', () => {
    expect(planUpload(5 * GiB)).toEqual({ kind: 'single', size: 5 * GiB });
    const plan = planUpload(5 * GiB + 1);
    expect(plan.kind).toBe('multipart');
    if (plan.kind !== 'multipart') return;
    expect(plan.parts).toHaveLength(21);
    expect(plan.partSize).toBe(Math.ceil((5 * GiB + 1) / 21));
    expect(plan.concurrency).toBe(4);
  });

  test.each([6 * GiB, 10 * GiB + 12345, 50 * GiB, MAX_FILE_SIZE])(
    '%d bytes: num_parts = min(250, ceil(size / 250 MiB))',
    (size) => {
      const plan = planUpload(size);
      if (plan.kind !== 'multipart') throw new Error('expected multipart');
      const parts = Math.min(250, Math.ceil(size / (250 * MiB)));
      expect(plan.parts).toHaveLength(parts);
      expect(plan.partSize).toBe(Math.ceil(size / parts));
      expect(plan.parts.map((part) => part.partNumber)).toEqual(
        Array.from({ length: parts }, (_, index) => index + 1),
      );
      expect(plan.parts[0]?.start).toBe(0);
      expect(plan.parts.at(-1)?.end).toBe(size);
      for (const [index, part] of plan.parts.entries()) {
        if (index > 0) expect(part.start).toBe(plan.parts[index - 1]?.end);
        if (index < parts - 1) expect(part.end - part.start).toBe(plan.partSize);
        expect(part.end - part.start).toBeGreaterThan(0);
      }
      expect(plan.partSize).toBeGreaterThanOrEqual(MIN_PART_SIZE);
    },
  );

  test('50 GiB hits the 250-part cap with parts over 250 MiB', () => {
    const plan = planUpload(50 * GiB);
    if (plan.kind !== 'multipart') throw new Error('expected multipart');
    expect(plan.parts).toHaveLength(205);
    const capped = planUpload(MAX_FILE_SIZE);
    if (capped.kind !== 'multipart') throw new Error('expected multipart');
    expect(capped.parts.length).toBeLessThanOrEqual(250);
  });

  test('over 50.1 GiB and empty files are refused', () => {
    expect(() => planUpload(MAX_FILE_SIZE + 1)).toThrow(/50.1 GiB/);
    expect(() => planUpload(0)).toThrow(/empty/);
  });
});

describe('planUpload with small settings (tests)', () => {
  test('threshold 6 MiB and 5 MiB parts: 12 MiB + 3 bytes is 5 + 5 + 2 MiB (+3), never a part under 5 MiB but the last', () => {
    const size = 12 * MiB + 3;
    const plan = planUpload(size, { multipartThreshold: 6 * MiB, partSize: 5 * MiB, concurrency: 2 });
    if (plan.kind !== 'multipart') throw new Error('expected multipart');
    expect(plan.parts.map((part) => part.end - part.start)).toEqual([5 * MiB, 5 * MiB, 2 * MiB + 3]);
    expect(plan.concurrency).toBe(2);
  });

  test('15 MiB + 1 with 5 MiB parts: four parts whose evened size stays at 5 MiB', () => {
    const plan = planUpload(15 * MiB + 1, { multipartThreshold: MiB, partSize: 5 * MiB });
    if (plan.kind !== 'multipart') throw new Error('expected multipart');
    expect(plan.parts.map((part) => part.end - part.start)).toEqual([5 * MiB, 5 * MiB, 5 * MiB, 1]);
  });

  test('bad settings name themselves', () => {
    expect(() => resolveUploadSettings({ partSize: MiB })).toThrow(/partSize/);
    expect(() => resolveUploadSettings({ multipartThreshold: 6 * GiB })).toThrow(/multipartThreshold/);
    expect(() => resolveUploadSettings({ multipartThreshold: 0 })).toThrow(/multipartThreshold/);
    expect(() => resolveUploadSettings({ concurrency: 0 })).toThrow(/concurrency/);
    expect(resolveUploadSettings()).toEqual({
      multipartThreshold: 5 * GiB,
      partSize: 250 * MiB,
      concurrency: 4,
    });
  });
});
