import type { CallMessage, TransferProgress } from './protocol.js';

/** The part of the promise client the worker calls (kept structural, so the worker only needs its shape). */
export interface FilesClient {
  files: {
    upload(params: Record<string, unknown>): Promise<unknown>;
    list(): Promise<unknown>;
    retrieve(id: string): Promise<unknown>;
    retrieveContent(id: string, options?: Record<string, unknown>): Promise<unknown>;
    delete(id: string): Promise<unknown>;
    check(file: unknown, options?: Record<string, unknown>): Promise<unknown>;
    waitForProcessing(id: string, options?: Record<string, unknown>): Promise<unknown>;
  };
}

/** What the worker adds to a call: its own abort signal (for `cancel`) and a progress forwarder. */
export interface CallContext {
  signal: AbortSignal;
  onProgress: (progress: TransferProgress) => void;
}

type Options = Record<string, unknown> | undefined;

/** Runs one call on the promise client, with the worker's signal and progress forwarder put in. */
export function runMethod(client: FilesClient, call: CallMessage, context: CallContext): Promise<unknown> {
  const { files } = client;
  const { signal, onProgress } = context;
  const [first, second] = call.args as [unknown, Options];
  switch (call.method) {
    case 'list':
      return files.list();
    case 'retrieve':
      return files.retrieve(first as string);
    case 'delete':
      return files.delete(first as string);
    case 'upload':
      return files.upload({ ...(first as Options), signal, onProgress });
    case 'retrieveContent':
      // Only a download to a file reports progress; without `output` the string comes back whole.
      return files.retrieveContent(
        first as string,
        second?.output === undefined ? { ...second, signal } : { ...second, signal, onProgress },
      );
    case 'check':
      return files.check(first, { ...second, signal });
    case 'waitForProcessing':
      return files.waitForProcessing(first as string, { ...second, signal });
  }
}
