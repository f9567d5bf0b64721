import { LineTooLongError, MAX_LINE_BYTES } from './limits.js';

/**
 * Regroups byte chunks into segments of whole lines: each segment ends with `\n`, except the file's last one when
 * the file does not end with a newline. Cutting at `\n` bytes also cuts at character boundaries (0x0A never occurs
 * inside a multi-byte UTF-8 sequence), so every segment decodes on its own.
 *
 * A chunk yields at most two segments (the line carried over from earlier chunks, then the rest of its whole lines),
 * so the per-line work stays with the caller's tight loop. The part of a line that spans chunks is kept as a list of
 * copies and joined once, so a 100 MB line costs two copies, not a quadratic series of them.
 *
 * Copies, because a chunk's bytes need only live until the next chunk is asked for (the file reader reuses its
 * buffers); for the same reason a segment is valid until the next segment is asked for. (`new Uint8Array(view)`
 * copies; `slice` would not on a Node Buffer, where it makes a view.)
 *
 * A line longer than `maxLineBytes` (its `\n` not counted) throws {@link LineTooLongError} before it is held whole.
 */
export async function* lineSegments(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number = MAX_LINE_BYTES,
): AsyncGenerator<Uint8Array, void, undefined> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const chunk of chunks) {
    const first = chunk.indexOf(10);
    if (first < 0) {
      // A line longer than the limit is never held whole: reading stops once it is past the limit.
      if (pendingBytes + chunk.byteLength > maxLineBytes) throw new LineTooLongError(maxLineBytes);
      pending.push(new Uint8Array(chunk));
      pendingBytes += chunk.byteLength;
      continue;
    }
    let start = 0;
    if (pending.length > 0) {
      if (pendingBytes + first > maxLineBytes) throw new LineTooLongError(maxLineBytes);
      pending.push(chunk.subarray(0, first + 1));
      yield joinBytes(pending, pendingBytes + first + 1);
      pending = [];
      pendingBytes = 0;
      start = first + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) yield chunk.subarray(start, last + 1);
    if (last + 1 < chunk.byteLength) {
      if (chunk.byteLength - last - 1 > maxLineBytes) throw new LineTooLongError(maxLineBytes);
      pending.push(new Uint8Array(chunk.subarray(last + 1)));
      pendingBytes += chunk.byteLength - last - 1;
    }
  }
  if (pending.length > 0) yield joinBytes(pending, pendingBytes);
}

/** Concatenates `parts` (of `total` bytes together) into one array; a single part is returned as it is. */
export function joinBytes(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}

/** How many `\n` bytes `bytes` holds before `end`. */
export function countNewlines(bytes: Uint8Array, end = bytes.byteLength): number {
  let count = 0;
  for (let index = bytes.indexOf(10); index >= 0 && index < end; index = bytes.indexOf(10, index + 1))
    count += 1;
  return count;
}
