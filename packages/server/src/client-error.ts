import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { EXPOSED_HEADERS } from './cors.js';
import { HttpError } from './errors.js';

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

/**
 * The server's `clientError` listener: where Node would answer a request its parser refused (a body shorter than
 * its `Content-Length` that ends with the connection, malformed HTTP) with a bare 400, this answers an `ErrorData`
 * body with a request id and open CORS. As in Node, nothing is written when the socket is gone or an answer has
 * started on it; the route of an interrupted request keeps nothing (its body never completed).
 */
export function answerClientError(error: ClientError, socket: Duplex): void {
  // Node's own test: the response in flight on this socket (an internal field) has sent nothing yet.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
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
