import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors.js';

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

/**
 * Refuses a request a web browser sent (it carries `Origin` or `Sec-Fetch-Site`): the admin routes change how the
 * server answers everyone and show what it received, so no page may reach them, even with a form post that needs
 * no preflight. Tools (curl, Node, the SDK) send neither header.
 */
export function assertNotFromBrowser(request: IncomingMessage): void {
  const site = request.headers['sec-fetch-site'];
  if (request.headers.origin !== undefined || (site !== undefined && site !== 'none')) {
    throw new HttpError(403, 'The admin routes take no requests from web pages', { code: 'cross_origin' });
  }
}
