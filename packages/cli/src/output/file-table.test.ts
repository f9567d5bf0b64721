import type { FileObject } from '@together-files/types';
import picocolors from 'picocolors';
import { describe, expect, it } from 'vitest';
import { describeStatus, oldestFirst, renderFileDetails, renderFileTable } from './file-table.js';

const plain = picocolors.createColors(false);

function file(overrides: Partial<FileObject>): FileObject {
  return {
    id: 'file-1',
    object: 'file',
    created_at: 1715021438,
    filename: 'train.jsonl',
    bytes: 26_542_080,
    purpose: 'fine-tune',
    FileType: 'jsonl',
    Processed: true,
    ...overrides,
  } as FileObject;
}

describe('renderFileTable', () => {
  it('shows every column in human units, in the order given, with a total', () => {
    const older = file({ id: 'file-old', created_at: 1_700_000_000, bytes: 512, filename: 'old.jsonl' });
    const newer = file({ id: 'file-new', processing_status: 'COMPLETED' });
    const lines = renderFileTable([newer, older], plain).split('\n');
    expect(lines[1]).toMatch(/ID.*NAME.*SIZE.*PURPOSE.*TYPE.*CREATED \(UTC\).*STATUS/);
    const newIndex = lines.findIndex((line) => line.includes('file-new'));
    const oldIndex = lines.findIndex((line) => line.includes('file-old'));
    expect(newIndex).toBeGreaterThan(0);
    expect(oldIndex).toBeGreaterThan(newIndex);
    expect(lines[newIndex]).toContain('25.3 MiB');
    expect(lines[newIndex]).toContain('2024-05-06 18:50');
    expect(lines[newIndex]).toContain('completed');
    expect(lines[oldIndex]).toContain('512 B');
    expect(lines.at(-1)).toBe('2 files, 25.3 MiB');
  });

  it('oldestFirst orders by creation, then id, whatever order it was given', () => {
    const files = [
      file({ id: 'file-c', created_at: 30 }),
      file({ id: 'file-b', created_at: 10 }),
      file({ id: 'file-a', created_at: 10 }),
    ];
    expect(oldestFirst(files).map((item) => item.id)).toEqual(['file-a', 'file-b', 'file-c']);
  });

  it('says so when there are no files', () => {
    expect(renderFileTable([], plain)).toBe('No files.');
  });
});

describe('describeStatus and renderFileDetails', () => {
  it("prefers the service's processing status, then whether the bytes arrived, all in lower case", () => {
    expect(describeStatus(file({ processing_status: 'RUNNING' }))).toBe('running');
    expect(describeStatus(file({ processing_status: 'COMPLETED' }))).toBe('completed');
    expect(describeStatus(file({ processing_status: 'INVALID_FORMAT' }))).toBe('invalid format');
    expect(describeStatus(file({ Processed: true }))).toBe('uploaded');
    expect(describeStatus(file({ Processed: false }))).toBe('pending');
  });

  it('lists the fields with the validation error when there is one', () => {
    const details = renderFileDetails(
      file({ processing_status: 'INVALID_FORMAT', validation_report: { valid: false, error: 'bad line 3' } }),
      plain,
    );
    expect(details).toContain('id        file-1');
    expect(details).toContain('size      25.3 MiB (26,542,080 bytes)');
    expect(details).toContain('status    invalid format');
    expect(details).toContain('error     bad line 3');
  });
});
