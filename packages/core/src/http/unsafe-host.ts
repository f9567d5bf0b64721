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
 * Addresses are normalised before they are judged, so every spelling of one address gets one answer: IPv4 in hex,
 * octal, or with fewer than four parts (as `inet_aton` and the URL standard read it), trailing dots, and IPv4 inside
 * IPv6 (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, translated `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::/96` and
 * `64:ff9b:1::/48` of RFC 6052/8215, 6to4 `2002::/16`), in dotted or hex form.
 */
export function isUnsafeHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || METADATA_HOSTS.has(host)) return true;
  if (host.includes(':')) {
    const groups = parseIPv6(host);
    // Not an address we can read: refuse rather than guess.
    return groups === undefined || isUnsafeIPv6(groups);
  }
  const ipv4 = parseIPv4(host);
  return ipv4 !== undefined && isUnsafeIPv4(ipv4);
}

/** An IPv4 address as one 32-bit number, read as `inet_aton` does; `undefined` when `host` is a name. */
function parseIPv4(host: string): number | undefined {
  const parts = host.split('.');
  if (parts.length > 4 || parts.some((part) => part === '')) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/.test(part)) value = part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) value = Number.parseInt(part.slice(1), 8);
    else if (/^(0|[1-9]\d*)$/.test(part)) value = Number(part);
    else return undefined;
    numbers.push(value);
  }
  // The last part fills the bytes the others left: 127.1 is 127.0.0.1, 2130706433 is 127.0.0.1.
  const last = numbers.pop() ?? 0;
  if (numbers.some((value) => value > 255) || last >= 2 ** (8 * (4 - numbers.length))) return undefined;
  return numbers.reduce((sum, value, index) => sum + value * 2 ** (8 * (3 - index)), 0) + last;
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail and `::` allowed); `undefined` when not one. */
function parseIPv6(host: string): number[] | undefined {
  let text = host.replace(/%.*$/, '');
  const tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const ipv4 = parseIPv4(tail[1]);
    if (ipv4 === undefined || tail[1].split('.').length !== 4) return undefined;
    text = `${text.slice(0, -tail[1].length)}${(ipv4 >>> 16).toString(16)}:${(ipv4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const read = (half: string | undefined) => (half ? half.split(':') : []);
  const head = read(halves[0]);
  const rest = read(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => Number.parseInt(group, 16));
}

function isUnsafeIPv4(address: number): boolean {
  const a = address >>> 24;
  const b = (address >>> 16) & 0xff;
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

function isUnsafeIPv6(groups: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0] = groups;
  const [g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups.slice(4);
  const embedded = (high: number, low: number) => isUnsafeIPv4(high * 0x10000 + low);
  const zeroThrough = (count: number) => groups.slice(0, count).every((group) => group === 0);
  // :: (unspecified) and ::1 (loopback).
  if (zeroThrough(7) && (g7 === 0 || g7 === 1)) return true;
  // Mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, translated ::ffff:0:a.b.c.d.
  if (zeroThrough(5) && (g5 === 0xffff || g5 === 0)) return embedded(g6, g7);
  if (zeroThrough(4) && g4 === 0xffff && g5 === 0) return embedded(g6, g7);
  // NAT64: the well-known prefix 64:ff9b::/96 and the local-use 64:ff9b:1::/48.
  if (g0 === 0x64 && g1 === 0xff9b && (g2 === 0 || g2 === 1)) return embedded(g6, g7);
  // 6to4 carries the IPv4 address right after its prefix.
  if (g0 === 0x2002) return embedded(g1, g2);
  // fc00::/7 unique local (AWS metadata fd00:ec2::254 is in it), fe80::/10 link-local, fec0::/10 site-local,
  // ff00::/8 multicast.
  return (
    (g0 & 0xfe00) === 0xfc00 ||
    (g0 & 0xffc0) === 0xfe80 ||
    (g0 & 0xffc0) === 0xfec0 ||
    (g0 & 0xff00) === 0xff00
  );
}
