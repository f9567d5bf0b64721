import type { RecordedRequest } from '../types.js';

/**
 * How many bytes of entries the request log keeps (method, path and route, counted as UTF-16 code units plus a
 * fixed overhead per entry): ~4 MiB, some 30,000 typical requests, far more than any test sends. Past it the
 * oldest quarter goes, so the log of a long-running server stays bounded whatever its clients send.
 */
export const MAX_REQUEST_LOG_BYTES = 4 * 1024 * 1024;

/** What one entry is counted as besides its strings: the object and its slots. */
const ENTRY_OVERHEAD_BYTES = 64;

function sizeOf(entry: RecordedRequest): number {
  let characters = entry.method.length + entry.path.length + entry.route.length;
  for (const [name, value] of Object.entries(entry.headers)) characters += name.length + value.length;
  return ENTRY_OVERHEAD_BYTES + 2 * characters;
}

/**
 * The log behind `ServerHandle.requests` and `GET /_admin/requests`: what each accepted request was (method, path,
 * route; headers only when the process that started the server asked, see `recordHeaders`). Only requests that
 * passed auth (a `/v1` or `/_admin` bearer token, a storage URL's signature) are written, so strangers cannot fill
 * it, and it is bounded by bytes, so large headers cannot either.
 */
export class RequestLog {
  /** The live array the handle exposes; the oldest entries are spliced off past the byte budget. */
  readonly entries: RecordedRequest[] = [];
  private readonly maxBytes: number;
  private bytes = 0;

  constructor(maxBytes = MAX_REQUEST_LOG_BYTES) {
    this.maxBytes = maxBytes;
  }

  /** Appends an entry, dropping the oldest quarter of the budget when it is exceeded. */
  record(entry: RecordedRequest): void {
    this.entries.push(entry);
    this.bytes += sizeOf(entry);
    if (this.bytes <= this.maxBytes) return;
    // One splice for many entries keeps the cost per request constant on average.
    let drop = 0;
    while (drop < this.entries.length && this.bytes > (this.maxBytes * 3) / 4) {
      this.bytes -= sizeOf(this.entries[drop]!);
      drop += 1;
    }
    this.entries.splice(0, drop);
  }

  /** The entries as `GET /_admin/requests` shows them: never with headers (they carry API keys). */
  withoutHeaders(): Array<Omit<RecordedRequest, 'headers'>> {
    return this.entries.map(({ method, path, route }) => ({ method, path, route }));
  }

  /** Forgets every entry (the array stays the same object). */
  clear(): void {
    this.entries.length = 0;
    this.bytes = 0;
  }
}
