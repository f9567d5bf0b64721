import type { IncomingMessage, ServerResponse } from 'node:http';

/** Response headers a browser client may read. */
export const EXPOSED_HEADERS = [
  'Location',
  'X-Together-File-Id',
  'ETag',
  'Last-Modified',
  'x-request-id',
  'Content-Length',
  'Content-Range',
  'Retry-After',
  'retry-after-ms',
  'x-should-retry',
];

/** Opens every response to any origin and exposes the headers clients read. */
export function setCorsHeaders(response: ServerResponse): void {
  response.setHeader('access-control-allow-origin', '*');
  response.setHeader('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
}

/**
 * Answers a CORS preflight: any method of the API, and the request headers asked for (a `*` would not cover
 * `Authorization`).
 */
export function answerPreflight(request: IncomingMessage, response: ServerResponse): void {
  const asked = request.headers['access-control-request-headers'];
  response.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers': asked ?? 'Authorization, Content-Type, Range',
    'access-control-max-age': '600',
    'content-length': 0,
  });
  response.end();
}
