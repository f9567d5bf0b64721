import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { EXPOSED_HEADERS } from './cors.js';
import { HttpError } from './errors.js';
import { endBodyEarly } from './request-body.js';

/** What Node's HTTP parser reports: its `HPE_*` code, or a socket error such as `ECONNRESET`. */
interface ClientError extends Error {
  code?: string;
}

/** The error a parser failure becomes: status, message and code of its `ErrorData`. */
function httpErrorOf(error: ClientError): HttpError {
  switch (error.code) {
    case 'HPE_INVALID_EOF_STATE':
      return new HttpError(
        400,
        'The request ended before its body was complete (shorter than Content-Length)',
        {
          code: 'incomplete_body',
        },
      );
    case 'HPE_HEADER_OVERFLOW':
      return new HttpError(431, 'The request headers are too large', { code: 'headers_too_large' });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new HttpError(408, 'The request took too long to arrive', { code: 'request_timeout' });
    default:
      return new HttpError(400, `The request is not valid HTTP/1.1 (${error.code ?? error.message})`, {
        code: 'malformed_request',
      });
  }
}

/** The latest request on a connection and its answer. */
export interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
}

/**
 * The server's `clientError` listener, where Node would answer with a bare 400 (or just cut the connection):
 * - a request whose body ends with the connection, shorter than its `Content-Length`, while its route reads it:
 *   the body is ended where it stopped, so the route learns it is short, keeps nothing, then answers 400
 *   `incomplete_body` itself, after which the connection closes;
 * - malformed HTTP with no answer under way: an `ErrorData` answer written here, with a request id and open CORS.
 * Nothing is written when the socket is gone or another answer is under way on it (a route that refused a request
 * before reading its body has answered already).
 */
export function answerClientError(error: ClientError, socket: Duplex, exchange?: Exchange): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (exchange && !exchange.request.complete) {
    if (exchange.response.headersSent) {
      socket.destroy();
      return;
    }
    exchange.response.setHeader('connection', 'close');
    endBodyEarly(exchange.request);
    return;
  }
  // A later request failed to parse: answer it only once the previous answer is all out.
  if (exchange && !exchange.response.writableFinished) {
    socket.destroy();
    return;
  }
  const httpError = httpErrorOf(error);
  const body = JSON.stringify(httpError.toBody());
  const head = [
    `HTTP/1.1 ${httpError.status} ${STATUS_CODES[httpError.status]}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    `x-request-id: req_${randomUUID().replace(/-/g, '')}`,
    'access-control-allow-origin: *',
    `access-control-expose-headers: ${EXPOSED_HEADERS.join(', ')}`,
    'connection: close',
  ];
  // end(), not destroy(): the client (often half-closed already) reads the answer, then the socket closes.
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
