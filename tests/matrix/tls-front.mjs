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
 * server behind it runs: it must know the public https URL first). When the server closes an idle connection, the
 * front keeps the client's open and carries its next request on a new upstream connection, as load balancers do
 * (their idle timeouts run a minute or more, the local server's 5 s): a client must not wait for the server to close
 * a connection. A connection whose last request asked for `Connection: close` ends with the server's. Counts the TCP connections it accepts: how many attempts a client made.
 */
export async function startTlsFront({ key, cert }) {
  let upstreamPort = 0;
  let connections = 0;
  const open = new Set();
  const front = createServer({ key, cert }, (socket) => {
    open.add(socket);
    let upstream;
    // Whether the client's last request asked for `Connection: close`: then the server's close ends the client's
    // connection too, as HTTP says it must (a client may wait for it).
    let closeAsked = false;
    socket.on('data', (chunk) => {
      if (/^[A-Z]+ \S+ HTTP\/1\.1\r\n/.test(chunk.toString('latin1', 0, 2048))) {
        closeAsked = /\r\nconnection: *close\r\n/i.test(
          chunk.toString('latin1', 0, 8192).split('\r\n\r\n')[0],
        );
      }
      if (!upstream) {
        upstream = connect(upstreamPort, '127.0.0.1');
        const current = upstream;
        current.on('data', (answer) => socket.write(answer));
        current.on('error', () => socket.destroy());
        current.on('close', () => {
          if (upstream === current) upstream = undefined;
          if (closeAsked) socket.end();
        });
      }
      upstream.write(chunk);
    });
    socket.on('error', () => upstream?.destroy());
    socket.on('close', () => {
      open.delete(socket);
      upstream?.destroy();
    });
    // A client that ends its side (after `connection: close`, say) is done: the server closes its side in turn.
    socket.on('end', () => socket.end());
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
