import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { headerRecord } from '@together-files/check/shared';
import { faultError } from './faults.js';
import { authorize } from './http/auth.js';
import { answerPreflight, assertNotFromBrowser, setCorsHeaders } from './http/cors.js';
import { HttpError, sendError } from './http/errors.js';
import type { RouteContext, ServerServices } from './route-context.js';
import { matchRoute, splitTarget } from './router.js';
import type { Fault } from './types.js';

/** What the handler needs besides the services. */
export interface RequestHandlerOptions {
  apiKey?: string;
  /** Log each accepted request's headers (see `StartServerOptions.recordHeaders`). */
  recordHeaders?: boolean;
}

/** Reads `limit` bytes of the request body (or all of a shorter one), then destroys the connection. */
async function resetAfterRequestBytes(request: IncomingMessage, limit: number): Promise<void> {
  // Taken first: leaving the loop early destroys the request, which detaches its socket.
  const socket = request.socket;
  let seen = 0;
  if (limit > 0) {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen >= limit) break;
    }
  }
  socket.destroy();
}

/** Applies a fault; true when it answered (or cut off) the request itself. */
async function applyFault(fault: Fault, context: RouteContext, route: string): Promise<boolean> {
  for (const [name, value] of Object.entries(fault.headers ?? {})) context.response.setHeader(name, value);
  if (fault.delayMs) await delay(fault.delayMs, undefined, { signal: context.services.closing });
  if (fault.status !== undefined) {
    sendError(context.response, faultError({ ...fault, status: fault.status }));
    context.request.resume();
    return true;
  }
  if (fault.diskFull) context.diskFull = true;
  if (fault.resetAfterBytes !== undefined) {
    if (route === 'retrieveFileContent') {
      context.resetAfterBytes = fault.resetAfterBytes;
      return false;
    }
    await resetAfterRequestBytes(context.request, fault.resetAfterBytes);
    return true;
  }
  return false;
}

/** Refuses a storage URL whose signature is missing, wrong or expired (its own kind of auth). */
function verifyStorageUrl(services: ServerServices, method: string, path: string, query: URLSearchParams) {
  const problem = services.signer.verify(method, path, query);
  if (problem === 'expired') throw new HttpError(403, 'The upload URL has expired', { code: 'url_expired' });
  if (problem) throw new HttpError(403, 'The upload URL signature is invalid', { code: 'signature_invalid' });
}

/**
 * The server's one request listener: request id on every answer, CORS on all but the admin routes, preflights,
 * routing, auth (a bearer token for `/v1` and `/_admin`, the signature for storage URLs), the request log (after
 * auth, so strangers cannot fill it), faults, then the route; any error becomes an `ErrorData` answer.
 */
export function createRequestHandler(services: ServerServices, options: RequestHandlerOptions) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    response.setHeader('x-request-id', `req_${randomUUID().replace(/-/g, '')}`);
    const method = request.method ?? 'GET';
    const { path, segments, query } = splitTarget(request.url ?? '/');
    const admin = segments?.[0] === '_admin';
    // The admin routes are for tests and tools on this machine, never for web pages: no CORS at all there.
    if (!admin) setCorsHeaders(response);
    const preflight = method === 'OPTIONS';
    const match = segments && !preflight ? matchRoute(method, segments) : { route: 'unknown' as const };
    try {
      if (preflight) {
        if (admin)
          throw new HttpError(403, 'The admin routes take no cross-origin requests', {
            code: 'cross_origin',
          });
        answerPreflight(request, response);
        return;
      }
      if (!segments) throw new HttpError(400, 'The request path is not valid percent-encoding');
      if (admin) assertNotFromBrowser(request);
      let authenticated = false;
      if (segments[0] === 'v1' || admin) {
        authorize(request, options.apiKey);
        authenticated = true;
      } else if (segments[0] === 'storage' && match.handler) {
        verifyStorageUrl(services, method, path, query);
        authenticated = true;
      }
      if (authenticated) {
        const headers = options.recordHeaders ? headerRecord(request.headers) : {};
        services.requestLog.record({ method, path, route: match.route, headers });
      }
      if (!match.handler) {
        if (match.allowed) {
          throw new HttpError(405, `${method} is not allowed on ${path}`, {
            headers: { allow: match.allowed.join(', ') },
          });
        }
        throw new HttpError(404, `No route for ${method} ${path}`, { code: 'route_not_found' });
      }
      const context: RouteContext = { request, response, path, segments, query, services };
      if (match.route !== 'admin' && match.route !== 'unknown') {
        const fault = services.faults.take(match.route);
        if (fault && (await applyFault(fault, context, match.route))) return;
      }
      await match.handler(context);
    } catch (error) {
      // An answer sent before the body was read: the connection closes after it, as the unread rest of the body
      // would otherwise be read as the next request (or, cut off, leave the connection dead).
      if (!request.complete && !response.headersSent) response.setHeader('connection', 'close');
      sendError(response, error);
      // Unread bodies of refused requests are drained so the answer gets out before the connection closes.
      request.resume();
    }
  };
}
