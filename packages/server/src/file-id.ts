import { randomUUID } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** True when `id` may name a file on disk: the contract's safe pattern, and not absurdly long. */
export function isSafeId(id: string): boolean {
  return id.length <= 200 && SAFE_ID.test(id);
}

/** A new file id in the service's `file-<uuid>` form. */
export function newFileId(): string {
  return `file-${randomUUID()}`;
}
