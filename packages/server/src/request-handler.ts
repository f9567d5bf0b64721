import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { authorize } from './auth.js';
import { answerPreflight, setCorsHeaders } from './cors.js';
import { HttpError, sendError } from './errors.js';
import { faultError } from './faults.js';
import type { RouteContext, ServerServices } from './route-context.js';
import { matchRoute, splitTarget } from './router.js';
import type { Fault, RecordedRequest } from './types.js';

/** How many requests the log keeps; far more than any test sends. */
export const MAX_RECORDED_REQUESTS = 100_000;

/** What the handler needs besides the services. */
export interface RequestHandlerOptions {
  apiKey?: string;
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
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

/**
 * The server's one request listener: request id and CORS on every answer, the request log, preflights, routing,
 * auth (everything but storage URLs), faults, then the route; any error becomes an `ErrorData` answer.
 */
export function createRequestHandler(services: ServerServices, options: RequestHandlerOptions) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    response.setHeader('x-request-id', `req_${randomUUID().replace(/-/g, '')}`);
    setCorsHeaders(response);
    const method = request.method ?? 'GET';
    const { path, segments, query } = splitTarget(request.url ?? '/');
    const preflight = method === 'OPTIONS';
    const match = segments && !preflight ? matchRoute(method, segments) : { route: 'unknown' as const };
    const recorded: RecordedRequest = { method, path, route: match.route, headers: headersOf(request) };
    services.requests.push(recorded);
    // A long-running server keeps only the latest entries, so the log cannot grow without bound.
    if (services.requests.length > MAX_RECORDED_REQUESTS) services.requests.splice(0, 1000);
    try {
      if (preflight) {
        answerPreflight(request, response);
        return;
      }
      if (!segments) throw new HttpError(400, 'The request path is not valid percent-encoding');
      if (match.route !== 'storagePut' && (segments[0] === 'v1' || segments[0] === '_admin')) {
        authorize(request, options.apiKey);
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
      sendError(response, error);
      // Unread bodies of refused requests are drained so the connection stays usable.
      request.resume();
    }
  };
}
