import type { FileObject } from '@together-files/types';
import { expect, test } from 'vitest';
import { decorateFile, deriveFileStatus } from './decorate.js';

const file: FileObject = {
  id: 'file-1',
  object: 'file',
  created_at: 1,
  filename: 'a.jsonl',
  bytes: 3,
  purpose: 'fine-tune',
  FileType: 'jsonl',
  Processed: true,
};

test.each([
  [{}, 'processed', null],
  [{ Processed: false }, 'uploaded', null],
  [{ processing_status: 'RUNNING' }, 'uploaded', null],
  [{ processing_status: 'COMPLETED', validation_report: { valid: true } }, 'processed', null],
  [
    {
      processing_status: 'INVALID_FORMAT',
      validation_report: { valid: false, error: 'line 2: no messages' },
    },
    'error',
    'line 2: no messages',
  ],
  [{ processing_status: 'FAILED' }, 'error', null],
])('%o → %s', (extra, status, details) => {
  expect(deriveFileStatus({ ...file, ...extra } as FileObject)).toEqual({ status, status_details: details });
});

test('decorated fields are non-enumerable: the wire shape stays as received', () => {
  const decorated = decorateFile({ ...file }, 'req_1');
  expect([decorated.status, decorated.status_details, decorated._requestId]).toEqual([
    'processed',
    null,
    'req_1',
  ]);
  expect(decorated).toEqual(file);
  expect(JSON.parse(JSON.stringify(decorated))).toEqual(file);
});
