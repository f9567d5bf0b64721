/**
 * TLS for the tests that run over https: a throwaway CA made with openssl, and a TLS terminator on loopback in front
 * of a plain local server, as a load balancer would be. Used by the matrix's https rows (https-rows.mjs).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createServer } from 'node:tls';

/** Writes a CA (`ca.pem`) and a certificate it signs for 127.0.0.1 into `into`, valid one day; their paths and PEMs. */
export function makeCertificates(into) {
  const openssl = (...args) => execFileSync('openssl', args, { cwd: into, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    ...['-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=together-files matrix CA'],
    ...['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign'],
  );
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(
    join(into, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n',
  );
  openssl(
    'x509',
    '-req',
    ...['-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem'],
    ...['-days', '1', '-extfile', 'server.ext'],
  );
  const read = (name) => readFileSync(join(into, name), 'utf8');
  return { ca: join(into, 'ca.pem'), key: read('server.key'), cert: read('server.pem') };
}

/**
 * Listens with TLS on a free loopback port and pipes each connection to `127.0.0.1:<upstream port>` (set once the
 * server behind it runs: it must know the public https URL first). Counts the TCP connections it accepts: how many
 * attempts a client made.
 */
export async function startTlsFront({ key, cert }) {
  let upstreamPort = 0;
  let connections = 0;
  const open = new Set();
  const front = createServer({ key, cert }, (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    const upstream = connect(upstreamPort, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  front.on('connection', () => {
    connections += 1;
  });
  await new Promise((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${front.address().port}`,
    setUpstream(port) {
      upstreamPort = port;
    },
    /** Connections accepted since the last call. */
    takeConnections() {
      const count = connections;
      connections = 0;
      return count;
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => front.close(resolve));
    },
  };
}
