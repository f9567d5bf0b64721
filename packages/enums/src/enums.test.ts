import { describe, expect, test } from 'vitest';
import {
  FILE_TYPES_BY_PURPOSE,
  FilePurpose,
  FileType,
  fileTypeFromName,
  isFilePurpose,
  isFileType,
  isFinalProcessingStatus,
  isProcessingStatus,
  isUploadablePurpose,
  ProcessingStatus,
  purposeAcceptsFileType,
  UPLOADABLE_PURPOSES,
} from './index.js';

describe('guards', () => {
  test('isFilePurpose accepts every purpose and nothing else', () => {
    for (const purpose of Object.values(FilePurpose)) expect(isFilePurpose(purpose)).toBe(true);
    for (const value of ['fine_tune', 'FINE-TUNE', '', undefined, 1, {}])
      expect(isFilePurpose(value)).toBe(false);
  });

  test('isFileType and isProcessingStatus', () => {
    expect(isFileType('parquet')).toBe(true);
    expect(isFileType('PARQUET')).toBe(false);
    expect(isProcessingStatus('INVALID_FORMAT')).toBe(true);
    expect(isProcessingStatus('toString')).toBe(false);
    expect(isProcessingStatus('completed')).toBe(false);
  });

  test('only users’ purposes are uploadable', () => {
    expect([...UPLOADABLE_PURPOSES]).toEqual(['fine-tune', 'eval', 'batch-api']);
    expect(isUploadablePurpose('eval-output')).toBe(false);
    expect(isUploadablePurpose('batch-api')).toBe(true);
  });
});

describe('upload rules', () => {
  test('each purpose accepts the types of the contract', () => {
    expect(FILE_TYPES_BY_PURPOSE).toEqual({
      'fine-tune': ['jsonl', 'parquet'],
      eval: ['jsonl', 'csv'],
      'batch-api': ['jsonl'],
    });
    expect(purposeAcceptsFileType('eval', 'csv')).toBe(true);
    expect(purposeAcceptsFileType('fine-tune', 'csv')).toBe(false);
    expect(purposeAcceptsFileType('batch-api', 'parquet')).toBe(false);
  });

  test('final processing states', () => {
    expect(isFinalProcessingStatus(ProcessingStatus.COMPLETED)).toBe(true);
    expect(isFinalProcessingStatus(ProcessingStatus.INVALID_FORMAT)).toBe(true);
    expect(isFinalProcessingStatus(ProcessingStatus.RUNNING)).toBe(false);
  });
});

describe('fileTypeFromName', () => {
  test.each([
    ['train.jsonl', FileType.JSONL],
    ['data/TRAIN.JSONL', FileType.JSONL],
    ['C:\\data\\eval.csv', FileType.CSV],
    ['tokens.parquet', FileType.PARQUET],
    ['notes.txt', undefined],
    ['data.json', undefined],
    ['.jsonl', undefined],
    ['jsonl', undefined],
    ['archive.jsonl.gz', undefined],
    ['dir.jsonl/readme', undefined],
  ])('%s → %s', (name, expected) => {
    expect(fileTypeFromName(name)).toBe(expected);
  });
});
