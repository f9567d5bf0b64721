import type { CheckReport, Together } from '@together-files/client';
import type { CallMessage, TransferProgress } from './protocol.js';

/** What the worker adds to a call: its own abort signal (for `cancel`) and, when asked for, a progress forwarder. */
export interface CallContext {
  signal: AbortSignal;
  onProgress: ((progress: TransferProgress) => void) | undefined;
  /** Forwards an upload's check report to the main thread, when the caller asked for it. */
  onCheckReport?: ((report: CheckReport) => void) | undefined;
}

type Options = Record<string, unknown> | undefined;
type Upload = Parameters<Together['files']['upload']>[0];
type FileInput = Parameters<Together['files']['check']>[0];

/**
 * Runs one call on the promise client. The other calls get the worker's signal (so a `cancel` stops them) and,
 * for transfers, its progress forwarder.
 */
export function runMethod(
  client: Together,
  call: CallMessage,
  context: CallContext | undefined,
): Promise<unknown> {
  const { files } = client;
  const [first, second] = call.args as [unknown, Options];
  if (call.method === 'list') return files.list();
  if (call.method === 'retrieve') return files.retrieve(first as string);
  if (call.method === 'delete') return files.delete(first as string);
  const { signal, onProgress, onCheckReport } = context ?? {};
  switch (call.method) {
    case 'upload':
      return files.upload({ ...(first as Upload), signal, onProgress, onCheckReport });
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
