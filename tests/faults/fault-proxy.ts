/**
 * A fault-injecting TCP proxy for HTTP/1.1: it forwards client connections to an upstream server and, at seeded
 * random, resets a connection in the middle of a request or response body, stalls a response, answers 503/429 with
 * `Retry-After` itself, or truncates a response body with a clean close. It understands just enough HTTP (request
 * heads and Content-Length, response heads) to give each request its own fault on keep-alive connections.
 */
import net from 'node:net';
import { ResponseFramer } from './response-framer.js';
import { type Random, randomInt, seededRandom } from './seeded-random.js';

/** The faults the proxy can inject; each is counted when it actually fires. */
export type FaultKind =
  | 'status-503'
  | 'status-429'
  | 'reset-request'
  | 'reset-response'
  | 'truncate-response'
  | 'stall';

/** Per-request probability of each fault; a request gets at most one. */
export type FaultRates = Record<FaultKind, number>;

/** How the proxy is set up. */
export interface FaultProxyOptions {
  /** Where to forward connections. */
  upstream: { host: string; port: number };
  /** Seed of the fault decisions. */
  seed: number;
  /** Per-request probabilities (default: none, a transparent proxy). */
  rates?: Partial<FaultRates>;
  /** Range of stall durations in ms (default 50–500). */
  stallMs?: { min: number; max: number };
  /** `Retry-After` seconds sent with injected 503/429 answers (default 0). */
  retryAfterSeconds?: number;
  /**
   * Replace the upstream's origin with the proxy's in `Location` headers and JSON bodies, for servers that sign
   * storage URLs with their own origin; `to` defaults to the proxy's URL.
   */
  rewrite?: { from: string; to?: string };
}

/** One fault that fired. */
export interface InjectedFault {
  kind: FaultKind;
  method: string;
  path: string;
}

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT` of the proxy. */
  url: string;
  port: number;
  /** Every fault that fired, in order (live array). */
  injected: InjectedFault[];
  /** Requests seen (heads parsed). */
  requestCount(): number;
  /** Turns fault injection on or off (setup and verification run with it off). */
  setEnabled(enabled: boolean): void;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

interface ProxyContext {
  options: FaultProxyOptions;
  random: Random;
  enabled: boolean;
  injected: InjectedFault[];
  requests: number;
  rewrite?: { from: string; to: string };
}

const headEnd = Buffer.from('\r\n\r\n');
const responseFaults = new Set<FaultKind>(['reset-response', 'truncate-response', 'stall']);

/** Starts a proxy on 127.0.0.1 (random port) in front of `options.upstream`. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const context: ProxyContext = {
    options,
    random: seededRandom(options.seed),
    enabled: true,
    injected: [],
    requests: 0,
  };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(options.upstream.port, options.upstream.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    new ProxiedConnection(context, client, upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  if (options.rewrite) context.rewrite = { from: options.rewrite.from, to: options.rewrite.to ?? url };
  return {
    url,
    port,
    injected: context.injected,
    requestCount: () => context.requests,
    setEnabled(enabled) {
      context.enabled = enabled;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

interface PendingFault {
  kind: FaultKind;
  method: string;
  path: string;
  /** Body bytes of the request (reset-request) or bytes of the response (others) before the fault fires. */
  at?: number;
}

/** One client connection and its upstream twin. */
class ProxiedConnection {
  private requestBuffer = Buffer.alloc(0);
  private bodyRemaining = 0;
  /** After a chunked request we can no longer find request boundaries: pass the rest through untouched. */
  private opaque = false;
  private discarding = false;
  private fault: PendingFault | undefined;
  private requestBodySent = 0;
  private responseSent = 0;
  private stalled: Buffer[] | undefined;
  private finished = false;
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly context: ProxyContext,
    private readonly client: net.Socket,
    private readonly upstream: net.Socket,
  ) {
    client.on('data', (chunk: Buffer) => this.onRequestData(chunk));
    const framer = new ResponseFramer(context.rewrite ? { rewrite: context.rewrite } : {}, {
      head: (headLength, bodyLength) => this.onResponseHead(headLength, bodyLength),
      data: (bytes) => this.onResponseBytes(bytes),
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!this.finished) framer.push(chunk);
    });
    // A clean end on one side ends the other gracefully (pending bytes still flush); an error tears both down.
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      socket.on('end', () => other.end());
      socket.on('error', () => this.destroy(false));
      socket.on('close', (hadError) => {
        if (hadError) this.destroy(false);
        else if (!other.destroyed) other.end();
        if (client.destroyed && upstream.destroyed) this.clearTimers();
      });
    }
  }

  private onRequestData(chunk: Buffer): void {
    if (this.finished) return;
    if (this.opaque) {
      this.forward(this.upstream, this.client, chunk);
      return;
    }
    let rest = chunk;
    while (rest.length > 0 && !this.finished) {
      if (this.bodyRemaining > 0) {
        const body = rest.subarray(0, this.bodyRemaining);
        rest = rest.subarray(body.length);
        this.bodyRemaining -= body.length;
        this.onRequestBody(body);
        continue;
      }
      this.requestBuffer = Buffer.concat([this.requestBuffer, rest]);
      rest = Buffer.alloc(0);
      const end = this.requestBuffer.indexOf(headEnd);
      if (end < 0) return;
      const head = this.requestBuffer.subarray(0, end + headEnd.length);
      rest = this.requestBuffer.subarray(head.length);
      this.requestBuffer = Buffer.alloc(0);
      this.onRequestHead(head);
      if (this.opaque && !this.finished) {
        this.forward(this.upstream, this.client, rest);
        return;
      }
    }
  }

  private onRequestHead(head: Buffer): void {
    const text = head.toString('latin1');
    const [method = '', target = ''] = text.slice(0, text.indexOf('\r\n')).split(' ');
    const path = target.split('?')[0] ?? target;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(text);
    const chunked = /\r\ntransfer-encoding:\s*chunked/i.test(text);
    this.bodyRemaining = length ? Number(length[1]) : 0;
    this.opaque = chunked;
    this.context.requests += 1;
    this.fault = this.context.enabled ? this.chooseFault(method, path, this.bodyRemaining) : undefined;
    this.requestBodySent = 0;
    this.responseSent = 0;
    if (this.fault?.kind === 'status-503' || this.fault?.kind === 'status-429') {
      // Answer ourselves once the body is in, as a loaded gateway would; the upstream never sees the request.
      this.discarding = true;
      if (this.bodyRemaining === 0 || chunked) this.answerWithStatus();
      return;
    }
    this.forward(this.upstream, this.client, head);
  }

  private onRequestBody(body: Buffer): void {
    if (this.discarding) {
      if (this.bodyRemaining === 0) this.answerWithStatus();
      return;
    }
    const fault = this.fault;
    if (fault?.kind === 'reset-request' && fault.at !== undefined) {
      const room = fault.at - this.requestBodySent;
      if (room < body.length) {
        this.forward(this.upstream, this.client, body.subarray(0, room));
        this.fire(fault);
        this.destroy(true);
        return;
      }
    }
    this.requestBodySent += body.length;
    this.forward(this.upstream, this.client, body);
  }

  private onResponseHead(headLength: number, bodyLength: number): void {
    this.responseSent = 0;
    const fault = this.fault;
    if (fault && responseFaults.has(fault.kind) && fault.at === undefined) {
      // Inside the body the head announces, or inside the head itself when there is no body to cut.
      fault.at =
        bodyLength > 0 ? headLength + Math.floor(this.context.random() * bodyLength) : headLength - 2;
    }
  }

  private onResponseBytes(data: Buffer): void {
    if (this.finished) return;
    if (this.stalled) {
      this.stalled.push(data);
      return;
    }
    const fault = this.fault;
    if (!fault || !responseFaults.has(fault.kind) || fault.at === undefined) {
      this.forward(this.client, this.upstream, data);
      return;
    }
    const room = fault.at - this.responseSent;
    if (room >= data.length) {
      this.responseSent += data.length;
      this.forward(this.client, this.upstream, data);
      return;
    }
    this.forward(this.client, this.upstream, data.subarray(0, Math.max(0, room)));
    this.responseSent += Math.max(0, room);
    this.fire(fault);
    this.fault = undefined;
    if (fault.kind === 'reset-response') {
      this.destroy(true);
      return;
    }
    if (fault.kind === 'truncate-response') {
      // A clean FIN after a short body: the client must notice the missing bytes on its own.
      this.finished = true;
      this.upstream.destroy();
      this.client.end();
      return;
    }
    this.stall(data.subarray(Math.max(0, room)));
  }

  private stall(rest: Buffer): void {
    const { min, max } = this.context.options.stallMs ?? { min: 50, max: 500 };
    this.stalled = [rest];
    this.upstream.pause();
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        const held = this.stalled ?? [];
        this.stalled = undefined;
        if (this.finished) return;
        for (const piece of held) this.forward(this.client, this.upstream, piece);
        this.upstream.resume();
      },
      randomInt(this.context.random, min, max),
    );
    this.timers.add(timer);
  }

  private chooseFault(method: string, path: string, bodyLength: number): PendingFault | undefined {
    const rates = this.context.options.rates ?? {};
    let draw = this.context.random();
    for (const kind of Object.keys(rates) as FaultKind[]) {
      const rate = rates[kind] ?? 0;
      if (draw < rate) {
        if (kind === 'reset-request') {
          if (bodyLength === 0) return undefined;
          return { kind, method, path, at: Math.floor(this.context.random() * bodyLength) };
        }
        return { kind, method, path };
      }
      draw -= rate;
    }
    return undefined;
  }

  private answerWithStatus(): void {
    const fault = this.fault!;
    const status = fault.kind === 'status-503' ? 503 : 429;
    const reason = status === 503 ? 'Service Unavailable' : 'Too Many Requests';
    const body = JSON.stringify({
      error: {
        message: `injected ${status} by the fault proxy`,
        type: 'fault_proxy',
        param: null,
        code: null,
      },
    });
    this.fire(fault);
    this.finished = true;
    this.client.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `retry-after: ${this.context.options.retryAfterSeconds ?? 0}\r\nconnection: close\r\n\r\n${body}`,
    );
    this.upstream.destroy();
  }

  private fire(fault: PendingFault): void {
    this.context.injected.push({ kind: fault.kind, method: fault.method, path: fault.path });
  }

  /** Writes with backpressure: a full destination pauses the source until it drains. */
  private forward(destination: net.Socket, source: net.Socket, data: Buffer): void {
    if (data.length === 0 || destination.destroyed) return;
    if (!destination.write(data)) {
      source.pause();
      destination.once('drain', () => {
        if (!this.stalled || source !== this.upstream) source.resume();
      });
    }
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private destroy(reset: boolean): void {
    this.finished = true;
    this.clearTimers();
    for (const socket of [this.client, this.upstream]) {
      if (socket.destroyed) continue;
      if (reset) socket.resetAndDestroy();
      else socket.destroy();
    }
  }
}
