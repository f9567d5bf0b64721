// Apart from the redirect code so that the public `isUnsafeHost` does not pull that code into the first chunk.

const METADATA_HOSTS: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/**
 * True for hosts a redirect must not lead to: loopback, private and link-local ranges (cloud metadata lives at
 * 169.254.169.254), carrier-grade NAT, unspecified addresses and metadata names. Literal checks only, no DNS.
 */
export function isUnsafeHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || METADATA_HOSTS.has(host)) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  const ipv4 = /^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : mapped?.[1];
  if (ipv4) return isUnsafeIPv4(ipv4.split('.').map(Number));
  if (host.includes(':')) return isUnsafeIPv6(host);
  return false;
}

function isUnsafeIPv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

function isUnsafeIPv6(host: string): boolean {
  if (host === '::' || host === '::1') return true;
  const first = Number.parseInt(host.split(':')[0] || '0', 16);
  // fc00::/7 unique local (AWS metadata fd00:ec2::254 is in it), fe80::/10 link-local, ff00::/8 multicast.
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
}
