import { APIError } from '../errors/api-error.js';
import { parseBody, readText } from '../http/body.js';
import type { FilesContext } from '../http/create-files-context.js';
import { createDeadline } from '../http/deadline.js';
import { redactURL, sendFollowingRedirects } from '../http/redirects.js';
import { withRetries } from '../http/retry.js';
import type { BodyRange } from '../http/transport.js';

/** What {@link putBytes} sends: a byte range of a source, to a presigned storage URL. */
export interface PutBytesOptions {
  url: string;
  range: BodyRange;
  /** Headers the API asked for (a part's `Headers`); never credentials. */
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
  /** Bytes sent in the current attempt (starts again at 0 when an attempt is retried). */
  onSent?: ((loaded: number) => void) | undefined;
  /** Names the transfer in logs. */
  label: string;
}

/**
 * PUTs a byte range to storage, streamed, with `Content-Length` and without any credential, following a few safe
 * redirects; success is exactly 200. Retried (re-reading the source) under the client's policy, with an idle
 * timeout instead of a wall clock. Resolves with the response headers (`etag` for parts).
 */
export async function putBytes(
  context: FilesContext,
  options: PutBytesOptions,
): Promise<Record<string, string>> {
  const { options: settings, logger } = context;
  const transport = await context.transport();
  const policy = { maxRetries: settings.maxRetries, maxRetryDelay: settings.maxRetryDelay };
  return withRetries({ ...policy, signal: options.signal, logger, label: options.label }, async () => {
    const deadline = createDeadline({ signal: options.signal, timeout: settings.timeout });
    let loaded = 0;
    try {
      logger.debug(`→ PUT ${redactURL(options.url)} (${options.range.end - options.range.start} bytes)`);
      const response = await sendFollowingRedirects(
        transport,
        {
          method: 'PUT',
          url: options.url,
          headers: { ...options.headers },
          body: options.range,
          signal: deadline.signal,
          onSent(bytes) {
            deadline.touch();
            loaded += bytes;
            options.onSent?.(loaded);
          },
        },
        { allowHttp: settings.baseURL.startsWith('http:') },
      );
      deadline.touch();
      const text = await readText(response, deadline, 64 * 1024);
      logger.debug(`← ${response.status} PUT ${redactURL(options.url)}`);
      if (response.status !== 200) {
        throw APIError.fromResponse({
          status: response.status,
          headers: response.headers,
          error: parseBody(text),
        });
      }
      deadline.done();
      return response.headers;
    } catch (error) {
      throw deadline.fail(error);
    }
  });
}
