import { APIError } from '../errors/api-error.js';
import { APIConnectionError } from '../errors/connection-errors.js';
import { parseBody, readText } from '../http/body.js';
import type { FilesContext } from '../http/create-files-context.js';
import { createDeadline, type Deadline } from '../http/deadline.js';
import { readRequestId } from '../http/middleware.js';
import { redactURL, sendFollowingRedirects } from '../http/redirects.js';
import { type RetryOptions, withRetries } from '../http/retry.js';

/** The `Accept` of content downloads: what the official description declares, then what the official SDKs send. */
export const CONTENT_ACCEPT = 'text/plain, application/binary';

/** What {@link streamDownload} fetches. */
export interface StreamDownloadOptions {
  /** An API URL (`…/files/{id}/content`); auth is sent to it, never to a host it redirects to. */
  url: string;
  signal?: AbortSignal | undefined;
  /** Called once the size is known (from `Content-Length`), before the first chunk; again after a restart. */
  onStart?: ((info: DownloadStart) => void | Promise<void>) | undefined;
  /**
   * Continue a download an earlier process left: the first request asks for `bytes=offset-` with `If-Range:
   * validator` (an ETag, or a Last-Modified date), and yields from `offset` on.
   */
  resumeFrom?: { offset: number; validator: string } | undefined;
  /**
   * Called when the server sent everything from byte 0 though bytes were already delivered (the content changed
   * under an `If-Range`, or the server ignores `Range`): the caller drops what it has, and all bytes follow again.
   * Without it, the bytes already delivered are skipped instead (same content assumed).
   */
  onRestart?: (() => void | Promise<void>) | undefined;
}

/** What the first response (or the one after a restart) says about the content. */
export interface DownloadStart {
  /** The full size, when known. */
  total: number | undefined;
  requestId: string | undefined;
  /** The byte the bytes that follow start at: the resume offset, or 0. */
  start: number;
  /** The content's `ETag`, and `Last-Modified`, when sent. */
  etag?: string | undefined;
  lastModified?: string | undefined;
}

/** The attempt in progress: its deadline, its body, and where in the content its bytes stand. */
interface OpenBody {
  deadline: Deadline;
  chunks: AsyncIterator<Uint8Array>;
  /** The content byte the next chunk of this body starts at. */
  position: number;
  /** Where this body ends, when `Content-Length` says. */
  expected: number | undefined;
}

/**
 * Streams a file's bytes with an idle timeout, resuming after a failure with `Range: bytes=N-` (each resume counts
 * as a retry; a server that ignores the range is read past the bytes already delivered). The byte count is checked
 * against `Content-Length`; a short body is an {@link APIConnectionError} and is resumed like any other.
 */
export async function* streamDownload(
  context: FilesContext,
  options: StreamDownloadOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const { options: settings, logger } = context;
  const transport = await context.transport();
  const label = `GET ${redactURL(options.url)}`;
  // The official description declares `text/plain` for the content; the official SDKs send `application/binary`
  // (together-typescript src/resources/files.ts). Naming both satisfies a mock of the description and the service.
  const baseHeaders = { ...context.apiHeaders(), accept: CONTENT_ACCEPT };
  let delivered = options.resumeFrom?.offset ?? 0;
  let validator = options.resumeFrom?.validator;
  let started = false;
  let body: OpenBody | undefined;

  /** Sends the request (from the first byte not delivered yet) and reads the answer's head. */
  async function open(): Promise<OpenBody> {
    const deadline = createDeadline({ signal: options.signal, timeout: settings.timeout });
    try {
      const headers =
        delivered > 0
          ? { ...baseHeaders, range: `bytes=${delivered}-`, ...(validator && { 'if-range': validator }) }
          : baseHeaders;
      logger.debug(`→ ${label}${delivered > 0 ? ` from byte ${delivered}` : ''}`);
      const response = await sendFollowingRedirects(
        transport,
        { method: 'GET', url: options.url, headers, signal: deadline.signal },
        context.redirectPolicy,
      );
      deadline.touch();
      logger.debug(`← ${response.status} ${label}`);
      const requestId = readRequestId(response.headers);
      if (response.status !== 200 && response.status !== 206) {
        const text = await readText(response, deadline, 64 * 1024);
        throw APIError.fromResponse({
          status: response.status,
          headers: response.headers,
          error: parseBody(text),
          requestId,
        });
      }
      const start = response.status === 206 ? rangeStart(response.headers['content-range']) : 0;
      if (start === undefined || start > delivered) {
        response.discard();
        throw new APIConnectionError({
          message: `Unexpected Content-Range: ${response.headers['content-range']}`,
        });
      }
      // Starting over is a download to a path's (Node), which keeps what it has: the web build folds it away (it
      // skips the bytes delivered already instead).
      if (
        !(typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__) &&
        options.onRestart !== undefined &&
        start === 0 &&
        delivered > 0
      ) {
        logger.info(`${label}: the server sent the whole content again; starting over.`);
        await options.onRestart();
        delivered = 0;
        // The content starts again: `onStart` tells the caller so.
        started = false;
      }
      // A body the runtime decompressed (browsers) has a Content-Length that counts the compressed bytes.
      const encoded = (response.headers['content-encoding'] ?? 'identity') !== 'identity';
      const length = encoded ? Number.NaN : Number.parseInt(response.headers['content-length'] ?? '', 10);
      const expected = Number.isNaN(length) ? undefined : start + length;
      const etag = response.headers.etag;
      // Later attempts ask for this content only: a strong ETag, else the date.
      validator = etag && !etag.startsWith('W/') ? etag : (response.headers['last-modified'] ?? validator);
      if (!started) {
        started = true;
        await options.onStart?.({
          total: expected,
          requestId,
          start,
          etag,
          lastModified: response.headers['last-modified'],
        });
      }
      return { deadline, chunks: response.body[Symbol.asyncIterator](), position: start, expected };
    } catch (error) {
      throw deadline.fail(error);
    }
  }

  /** The next bytes not delivered yet (opening a body first if none is open), or `undefined` at the end. */
  async function pull(): Promise<Uint8Array | undefined> {
    body ??= await open();
    const current = body;
    current.deadline.touch();
    try {
      for (;;) {
        const next = await current.chunks.next();
        if (next.done) {
          if (current.expected !== undefined && current.position !== current.expected) {
            throw new APIConnectionError({
              message: `The body ended early: ${current.position} of ${current.expected} bytes.`,
            });
          }
          current.deadline.done();
          body = undefined;
          return undefined;
        }
        const chunk = next.value;
        // Bytes before `delivered` were already handed out (the server ignored our Range): skip them.
        const skip = Math.max(0, Math.min(chunk.byteLength, delivered - current.position));
        current.position += chunk.byteLength;
        if (skip === chunk.byteLength) continue;
        const fresh = skip ? chunk.subarray(skip) : chunk;
        delivered += fresh.byteLength;
        // The reader, not the network, holds things up until the next pull.
        current.deadline.pause();
        return fresh;
      }
    } catch (error) {
      body = undefined;
      throw current.deadline.fail(error);
    }
  }

  // One retry loop, entered only to open a body and after a failure: a chunk of the open body is read directly, as a
  // pass through the loop per chunk costs the hot path an async frame for nothing. The resumes of the whole
  // download share one count.
  const retries: RetryOptions = {
    maxRetries: settings.maxRetries,
    maxRetryDelay: settings.maxRetryDelay,
    signal: options.signal,
    logger,
    label,
    spent: { retries: 0 },
  };
  try {
    for (;;) {
      let chunk: Uint8Array | undefined;
      if (body) {
        try {
          chunk = await pull();
        } catch (error) {
          // The open body failed: the loop judges that failure as an attempt of its own, then resumes.
          chunk = await withRetries(retries, failedThen(error, pull));
        }
      } else {
        chunk = await withRetries(retries, pull);
      }
      if (chunk === undefined) return;
      yield chunk;
    }
  } finally {
    // The reader stopped early: the attempt ends unfinished. Failing its deadline aborts the request (either
    // transport drops the connection); ending the iterator releases a web stream's reader.
    if (body) {
      body.deadline.fail(undefined);
      await body.chunks.return?.();
    }
  }
}

/** An attempt that fails with `error` the first time (a failure that happened outside the loop), then runs `next`. */
function failedThen<T>(error: unknown, next: () => Promise<T>): () => Promise<T> {
  let thrown = false;
  return () => {
    if (thrown) return next();
    thrown = true;
    return Promise.reject(error);
  };
}

function rangeStart(contentRange: string | undefined): number | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(contentRange?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}
