import type { Together } from '@together-files/client';
import type { CallMessage, TransferProgress } from './protocol.js';

/** What the worker adds to a call: its own abort signal (for `cancel`) and a progress forwarder. */
export interface CallContext {
  signal: AbortSignal;
  onProgress: (progress: TransferProgress) => void;
}

type Options = Record<string, unknown> | undefined;
type Upload = Parameters<Together['files']['upload']>[0];
type FileInput = Parameters<Together['files']['check']>[0];

/** Runs one call on the promise client, with the worker's signal (and, for transfers, progress forwarder) put in. */
export function runMethod(client: Together, call: CallMessage, context: CallContext): Promise<unknown> {
  const { files } = client;
  const { signal, onProgress } = context;
  const [first, second] = call.args as [unknown, Options];
  switch (call.method) {
    case 'list':
      return files.list({ signal });
    case 'retrieve':
      return files.retrieve(first as string, { signal });
    case 'delete':
      return files.delete(first as string, { signal });
    case 'upload':
      return files.upload({ ...(first as Upload), signal, onProgress });
    case 'retrieveContent':
      // Only a download to a file reports progress; without `output` the string comes back whole.
      return second !== undefined && 'output' in second
        ? files.retrieveContent(first as string, {
            ...second,
            output: second.output as string,
            signal,
            onProgress,
          })
        : files.retrieveContent(first as string, { ...second, signal });
    case 'check':
      return files.check(first as FileInput, { ...second, signal });
    case 'waitForProcessing':
      return files.waitForProcessing(first as string, { ...second, signal });
  }
}
