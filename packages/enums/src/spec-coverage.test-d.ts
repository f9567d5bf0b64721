// The enums must name exactly the values of the spec's unions: a value added to `openapi/files.yaml` fails
// this test (and `pnpm typecheck`) until the enum follows, and a value the spec drops fails it too.
import type { components } from '@together-files/types';
import { expectTypeOf, test } from 'vitest';
import { FilePurpose, type FileType, type ProcessingStatus } from './index.js';

type Spec = components['schemas'];

test('FilePurpose names every purpose of the spec', () => {
  expectTypeOf<FilePurpose>().toEqualTypeOf<Spec['FilePurpose']>();
  expectTypeOf(FilePurpose.FINE_TUNE).toEqualTypeOf<'fine-tune'>();
});

test('FileType names every file type of the spec', () => {
  expectTypeOf<FileType>().toEqualTypeOf<Spec['FileType']>();
});

test('ProcessingStatus names every status of the spec', () => {
  expectTypeOf<ProcessingStatus>().toEqualTypeOf<Spec['ProcessingStatus']>();
});
