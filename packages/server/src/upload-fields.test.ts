import { MAX_FILE_SIZE } from '@together-files/check';
import { describe, expect, test } from 'vitest';
import { HttpError } from './http/errors.js';
import { assertFileSize, parseUploadFields } from './upload-fields.js';

describe('parseUploadFields', () => {
  test('keeps the base name, takes the type from the extension and lowercases the checksum', () => {
    expect(
      parseUploadFields({ purpose: 'eval', file_name: 'C:\\data\\Eval.CSV', checksum: 'AB'.repeat(32) }),
    ).toEqual({
      filename: 'Eval.CSV',
      purpose: 'eval',
      fileType: 'csv',
      checksum: 'ab'.repeat(32),
    });
    expect(
      parseUploadFields({ purpose: 'fine-tune', file_name: 'no-extension', file_type: 'jsonl' }).fileType,
    ).toBe('jsonl');
  });

  test.each([
    [{ purpose: 'fine-tune', file_name: '' }, 'file_name'],
    [{ purpose: 'fine-tune', file_name: 'dir/' }, 'file_name'],
    [{ file_name: 'a.jsonl' }, 'purpose'],
    [{ purpose: 'assistants', file_name: 'a.jsonl' }, 'purpose'],
    [{ purpose: 'eval', file_name: 'a.json' }, 'file_type'],
    [{ purpose: 'eval', file_name: 'a.csv', file_type: 'CSV' }, 'file_type'],
    [{ purpose: 'batch-api', file_name: 'a.csv' }, 'file_type'],
    [{ purpose: 'eval', file_name: 'a.csv', checksum: 'abc' }, 'checksum'],
  ])('%o is a 400 on %s', (input, param) => {
    try {
      parseUploadFields(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(400);
      expect((error as HttpError).options.param).toBe(param);
    }
  });

  test('50.1 GiB is the largest size', () => {
    expect(MAX_FILE_SIZE).toBe(53_794_465_382);
    expect(() => assertFileSize(MAX_FILE_SIZE)).not.toThrow();
    expect(() => assertFileSize(MAX_FILE_SIZE + 1)).toThrow(/50\.1 GiB/);
  });
});
