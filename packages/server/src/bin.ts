import { parseArgs } from 'node:util';
import { startServer } from './start-server.js';
import type { StartServerOptions } from './types.js';

const USAGE = `Usage: together-files-server [--port 8787] [--host 127.0.0.1] [--public-url URL] [--data DIR] [--api-key KEY] [--presign-ttl SECONDS] [--json]

A local Files API server. Without --data the files live in a temporary folder removed on exit.
  --port         port to listen on (0 picks a free one; default 8787)
  --host         interface to listen on (default 127.0.0.1, this machine only)
  --public-url   the origin clients reach the server at, for storage URLs (default: the listening address, or
                 with --host 0.0.0.0 the Host each request came with)
  --data         folder of the store, kept across restarts: an empty or new folder, or one the server made
  --api-key      the only bearer token accepted (default: any non-empty token)
  --presign-ttl  seconds presigned storage URLs stay valid (default 3600)
  --json         print {"url", "baseURL", "dataDir"} as the first line instead of a sentence
`;

/** Reads the command line; exits with the usage on a mistake. */
function readOptions(argv: string[]): { server: StartServerOptions; json: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      'public-url': { type: 'string' },
      data: { type: 'string' },
      'api-key': { type: 'string' },
      'presign-ttl': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${values.port}`);
  const presignTTL = values['presign-ttl'] === undefined ? undefined : Number(values['presign-ttl']);
  if (presignTTL !== undefined && !(Number.isInteger(presignTTL) && presignTTL > 0)) {
    throw new Error(`Invalid --presign-ttl ${values['presign-ttl']}: a whole number of seconds`);
  }
  return {
    json: values.json,
    server: {
      port,
      host: values.host,
      ...(values['public-url'] !== undefined && { publicUrl: values['public-url'] }),
      ...(values.data !== undefined && { dataDir: values.data }),
      ...(values['api-key'] !== undefined && { apiKey: values['api-key'] }),
      ...(presignTTL !== undefined && { presignTTL }),
    },
  };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  const server = await startServer(options.server);
  const { url, baseURL, dataDir } = server;
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ url, baseURL, dataDir })}\n`
      : `together-files-server listening at ${baseURL}\n`,
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal while closing means "now".
    if (stopping) process.exit(130);
    stopping = true;
    if (!options.json) process.stderr.write(`${signal}: closing\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`together-files-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
