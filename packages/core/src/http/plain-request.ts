/**
 * What openapi-fetch builds for each call in place of a `Request`: the URL and the request init as plain fields.
 * Undici's `Request` is costly to construct and `fetch` would build a second one from it; on loopback that was a
 * large share of a call's client-side time. `fetch(request.url, request)` sends it as the init it is.
 */
export class PlainRequest {
  /** The full URL, query included. */
  readonly url: string;
  /** Upper-case method. */
  method: string;
  /** Merged by openapi-fetch: defaults, then the call's own headers. */
  headers: Headers;
  body: BodyInit | null | undefined;
  signal: AbortSignal | null | undefined;
  redirect: RequestRedirect | undefined;

  constructor(url: string | URL, init: RequestInit = {}) {
    this.url = String(url);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body;
    this.signal = init.signal;
    this.redirect = init.redirect;
  }

  /** A real `Request` with the same URL and init, for a caller's own `fetch` (which may expect one). */
  toRequest(): Request {
    return new Request(this.url, this);
  }
}
