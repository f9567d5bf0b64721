import { expect, test } from 'vitest';
import { checkFileId, checkUploadPurpose, filePath, uploadFileType } from './validate.js';

test('ids: safe ones pass and are percent-encoded; others are refused', () => {
  expect(filePath('file-d0d318cb-b7d9-493a-bd70-1cfe089d3815', '/content')).toBe(
    '/files/file-d0d318cb-b7d9-493a-bd70-1cfe089d3815/content',
  );
  for (const id of ['', '../x', '..', 'a/b', 'a b', '%2e%2e', '.hidden', 'x?y', 'x#y']) {
    expect(() => checkFileId(id), id).toThrow(/file id/);
  }
  expect(() => checkFileId(undefined)).toThrow(/required/);
});

test('purposes and types name the allowed values', () => {
  expect(checkUploadPurpose('eval')).toBe('eval');
  expect(() => checkUploadPurpose('eval-output')).toThrow('upload accepts "fine-tune", "eval", "batch-api"');
  expect(uploadFileType('a.csv', 'eval')).toBe('csv');
  expect(() => uploadFileType('a.txt', 'fine-tune')).toThrow('supported: .jsonl, .parquet, .csv');
  expect(() => uploadFileType('a.csv', 'fine-tune')).toThrow('it accepts .jsonl, .parquet');
});
