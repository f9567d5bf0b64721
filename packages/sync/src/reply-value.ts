import { decorateFile, withRequestId } from '@together-files/core';
import type { FileObject } from '@together-files/types';
import type { MethodName, ResultMessage } from './protocol.js';

/**
 * The value of a result message as the promise client returns it. Structured cloning keeps only own enumerable
 * properties, so the non-enumerable extras are put back here: `_requestId` (sent beside the value) and, on file
 * objects, the derived `status` and `status_details`.
 */
export function replyValue(method: MethodName, message: ResultMessage): unknown {
  const { value, requestId } = message;
  if (typeof value !== 'object' || value === null) return value;
  switch (method) {
    case 'upload':
    case 'retrieve':
    case 'waitForProcessing':
      return decorateFile(value as FileObject, requestId);
    case 'list':
      for (const file of (value as { data: FileObject[] }).data) decorateFile(file, requestId);
      return withRequestId(value, requestId);
    case 'check':
      return value;
    default:
      return requestId === undefined ? value : withRequestId(value, requestId);
  }
}
