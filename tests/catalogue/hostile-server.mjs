/**
 * A hostile service for the client catalogue (issue 13, items 12-15), run in a worker thread of its own so that the
 * blocking sync client can call it too. Two origins on one port: `http://127.0.0.1:PORT` plays the API, and
 * `http://localhost:PORT` plays another origin (the API's storage, or wherever a redirect leads).
 */
import { createServer } from 'node:http';
import { parentPort } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';

// 100 MiB of spaces, about 100 kB on the wire: inflated without a limit, it is a "gzip bomb".
const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20));
const signed =
  'https://storage.example.com/bucket/file?X-Amz-Credential=AKIAHOSTILE&X-Amz-Signature=SECRETSIG';

const server = createServer((request, response) => {
  const path = request.url ?? '';
  const host = request.headers.host ?? '';
  const other = host.replace('127.0.0.1', 'localhost');
  const json = (status, body) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  request.resume();
  // 13.12: a JSON answer that inflates far past any sane size.
  if (path === '/bomb/v1/files') {
    response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    return response.end(bomb);
  }
  // 13.14: the API redirects a JSON call to another origin, which tells what it received.
  if (path === '/leak/v1/files') {
    response.writeHead(307, { location: `http://${other}/leak/echo` });
    return response.end();
  }
  if (path === '/leak/echo') {
    const token = request.headers['x-org-token'] ?? 'none';
    return json(400, { error: { message: `x-org-token received: ${token}` } });
  }
  // 13.13: the API sends a download to its storage, whose redirect leads to loopback spelt as IPv4-mapped IPv6.
  if (path.startsWith('/mapped/v1/files/') && path.endsWith('/content')) {
    response.writeHead(302, { location: `http://${other}/mapped/storage` });
    return response.end();
  }
  if (path === '/mapped/storage') {
    const port = host.split(':').pop();
    response.writeHead(307, { location: `http://[::ffff:127.0.0.1]:${port}/internal/secret` });
    return response.end();
  }
  if (path === '/internal/secret') return json(200, { secret: 'reached a loopback service' });
  // 13.15: an error body that echoes a signed URL and its credentials.
  if (path === '/echo/v1/files') {
    return json(403, { error: { message: `Signature does not match for ${signed}` } });
  }
  json(404, { error: { message: `hostile server: no route ${path}` } });
});

server.listen(0, '127.0.0.1', () => {
  parentPort?.postMessage({ port: server.address().port });
});
parentPort?.on('message', (message) => {
  if (message === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
