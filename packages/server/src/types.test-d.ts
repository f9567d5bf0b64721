import type { operations } from '@together-files/types';
// The server contract other packages build on: a change here is a change for every client's tests.
import { expectTypeOf, test } from 'vitest';
import {
  type Fault,
  type RecordedRequest,
  type RouteName,
  type ServerHandle,
  startServer,
  type ValidationLimits,
} from './index.js';

test('startServer takes the contract options and resolves to the handle', () => {
  expectTypeOf(startServer).parameter(0).toEqualTypeOf<
    | {
        port?: number;
        host?: string;
        publicUrl?: string;
        dataDir?: string;
        apiKey?: string;
        faults?: Fault[];
        presignTTL?: number;
        uploadUrlTtlSeconds?: number;
        unfinishedUploadGrace?: number;
        validation?: ValidationLimits;
        recordHeaders?: boolean;
      }
    | undefined
  >();
  expectTypeOf(startServer).returns.resolves.toEqualTypeOf<ServerHandle>();
  expectTypeOf<ServerHandle['faults']>().toEqualTypeOf<{ add(...faults: Fault[]): void; clear(): void }>();
  expectTypeOf<ServerHandle['requests']>().toEqualTypeOf<RecordedRequest[]>();
  expectTypeOf<ServerHandle['close']>().toEqualTypeOf<() => Promise<void>>();
});

test('route names and recorded requests', () => {
  // A new operation in the spec must get a route name, so faults and the request log can name it.
  expectTypeOf<Exclude<keyof operations, RouteName>>().toEqualTypeOf<never>();
  expectTypeOf<RouteName>().toEqualTypeOf<
    | 'listFiles'
    | 'createUpload'
    | 'retrieveFile'
    | 'deleteFile'
    | 'retrieveFileContent'
    | 'preprocessFile'
    | 'uploadFile'
    | 'initiateMultipartUpload'
    | 'completeMultipartUpload'
    | 'abortMultipartUpload'
    | 'storagePut'
  >();
  expectTypeOf<RecordedRequest['route']>().toEqualTypeOf<RouteName | 'admin' | 'unknown'>();
  expectTypeOf<Fault['route']>().toEqualTypeOf<RouteName | '*'>();
});
