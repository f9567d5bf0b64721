/** Writes a CA (`ca.pem`) and a certificate it signs for 127.0.0.1 into `into`, valid one day; their paths and PEMs. */
export function makeCertificates(into: string): { ca: string; key: string; cert: string };

/** A TLS terminator on loopback in front of a plain server (see tls-front.mjs). */
export interface TlsFront {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  /** The plain port it carries connections to. */
  setUpstream(port: number): void;
  /** TCP connections accepted since the last call. */
  takeConnections(): number;
  close(): Promise<void>;
}

/** Listens with TLS on a free loopback port; see tls-front.mjs. */
export function startTlsFront(certificates: { key: string; cert: string }): Promise<TlsFront>;
