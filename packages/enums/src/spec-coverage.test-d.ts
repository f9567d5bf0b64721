// The enums must name exactly the values of the spec's unions plus the seed document's: a value added to the
// official description (and so to `openapi/files.yaml` by `pnpm spec:update`) fails this test (and
// `pnpm typecheck`) until the enum follows, and a value the spec drops fails it too.
import type { components } from '@together-files/types';
import { expectTypeOf, test } from 'vitest';
import {
  FilePurpose,
  type FileType,
  type ProcessingStatus,
  type SEED_ONLY_FILE_TYPES,
  type ServicePurpose,
} from './index.js';

type Spec = components['schemas'];

test('FilePurpose names every purpose of the spec, plus the seed’s assistants and vision', () => {
  expectTypeOf<ServicePurpose>().toEqualTypeOf<Spec['FilePurpose']>();
  expectTypeOf<Exclude<FilePurpose, Spec['FilePurpose']>>().toEqualTypeOf<'assistants' | 'vision'>();
  expectTypeOf(FilePurpose.FINE_TUNE).toEqualTypeOf<'fine-tune'>();
});

test('FileType names every file type of the spec, plus the seed’s json and txt', () => {
  expectTypeOf<Exclude<FileType, (typeof SEED_ONLY_FILE_TYPES)[number]>>().toEqualTypeOf<Spec['FileType']>();
  expectTypeOf<(typeof SEED_ONLY_FILE_TYPES)[number]>().toEqualTypeOf<'json' | 'txt'>();
});

test('ProcessingStatus names every status of the spec', () => {
  expectTypeOf<ProcessingStatus>().toEqualTypeOf<Spec['ProcessingStatus']>();
});
