/**
 * Splits an upstream HTTP/1.1 byte stream into responses (head, then a body of known length), so the proxy can place
 * a fault inside the body a head announces, and can rewrite the server's own origin into the proxy's in `Location`
 * headers and small JSON bodies (presigned storage URLs name the server's origin; clients must reach storage
 * through the proxy too, or storage would never see a fault).
 */

const headEnd = Buffer.from('\r\n\r\n');

/** Where the framed bytes go. */
export interface ResponseSink {
  /** A response head starts; `bodyLength` is -1 when the body runs until the connection closes. */
  head(headLength: number, bodyLength: number): void;
  /** Bytes to forward, in order (head bytes included). */
  data(bytes: Buffer): void;
}

/** Options of {@link ResponseFramer}. */
export interface ResponseFramerOptions {
  /** Replace `from` with `to` in `Location` headers and JSON bodies up to `maxRewriteBytes`. */
  rewrite?: { from: string; to: string };
  /** Largest JSON body buffered for the rewrite (default 1 MiB). */
  maxRewriteBytes?: number;
}

type State =
  | { kind: 'head' }
  | { kind: 'body'; remaining: number }
  | { kind: 'json'; remaining: number }
  | {
      kind: 'opaque';
    };

/** Frames one connection's responses. */
export class ResponseFramer {
  private buffer = Buffer.alloc(0);
  private state: State = { kind: 'head' };
  private pendingHead = '';
  private jsonParts: Buffer[] = [];

  constructor(
    private readonly options: ResponseFramerOptions,
    private readonly sink: ResponseSink,
  ) {}

  /** Feeds bytes from upstream. */
  push(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0) {
      const state = this.state;
      if (state.kind === 'opaque') {
        this.sink.data(rest);
        return;
      }
      if (state.kind === 'body' || state.kind === 'json') {
        const piece = rest.subarray(0, state.remaining);
        rest = rest.subarray(piece.length);
        state.remaining -= piece.length;
        if (state.kind === 'body') this.sink.data(piece);
        else this.jsonParts.push(piece);
        if (state.remaining === 0) this.endBody();
        continue;
      }
      this.buffer = Buffer.concat([this.buffer, rest]);
      const end = this.buffer.indexOf(headEnd);
      if (end < 0) return;
      const head = this.buffer.subarray(0, end + headEnd.length).toString('latin1');
      rest = this.buffer.subarray(end + headEnd.length);
      this.buffer = Buffer.alloc(0);
      this.startResponse(head);
    }
  }

  private startResponse(rawHead: string): void {
    const rewrite = this.options.rewrite;
    const head = rewrite
      ? rawHead.replace(/\r\nlocation:[^\r]*/i, (line) => line.split(rewrite.from).join(rewrite.to))
      : rawHead;
    const status = Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head)?.[1] ?? 0);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head);
    const json = /\r\ncontent-type:\s*application\/json/i.test(head);
    const noBody = (status >= 100 && status < 200) || status === 204 || status === 304;
    if (noBody || !length || chunked) {
      // No body, or one whose end we cannot see: forward it untouched until the connection ends.
      this.emitHead(head, noBody ? 0 : -1, noBody ? { kind: 'head' } : { kind: 'opaque' });
      return;
    }
    const bodyLength = Number(length[1]);
    if (bodyLength === 0) {
      this.emitHead(head, 0, { kind: 'head' });
      return;
    }
    if (rewrite && json && bodyLength <= (this.options.maxRewriteBytes ?? 1024 * 1024)) {
      this.pendingHead = head;
      this.jsonParts = [];
      this.state = { kind: 'json', remaining: bodyLength };
      return;
    }
    this.emitHead(head, bodyLength, { kind: 'body', remaining: bodyLength });
  }

  private emitHead(head: string, bodyLength: number, next: State): void {
    const bytes = Buffer.from(head, 'latin1');
    this.state = next;
    this.sink.head(bytes.length, bodyLength);
    this.sink.data(bytes);
  }

  private endBody(): void {
    if (this.state.kind === 'json') {
      const rewrite = this.options.rewrite!;
      const body = Buffer.from(
        Buffer.concat(this.jsonParts).toString('utf8').split(rewrite.from).join(rewrite.to),
      );
      const head = this.pendingHead.replace(/(\r\ncontent-length:\s*)\d+/i, `$1${body.length}`);
      this.emitHead(head, body.length, { kind: 'head' });
      this.sink.data(body);
      this.jsonParts = [];
      return;
    }
    this.state = { kind: 'head' };
  }
}
