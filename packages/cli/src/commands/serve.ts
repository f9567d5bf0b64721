import { once } from 'node:events';
import { Command, InvalidArgumentError } from 'commander';
import { type CliIo, type CommandContext, createOutput, type GlobalOptions } from '../context.js';
import { CommandFailure } from '../output/errors.js';

interface ServeOptions extends GlobalOptions {
  port: number;
  host: string;
  data?: string;
  publicUrl?: string;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('expected a port 0-65535.');
  return port;
}

/**
 * How to run the CLI the way this run was started: `pnpm together-files` from the repo's root script (the bin is
 * not on PATH in a clone), else `together-files`. npm and pnpm name the running script in npm_lifecycle_event.
 */
function invocation(env: CliIo['env']): string {
  return env.npm_lifecycle_event === 'together-files' ? 'pnpm together-files' : 'together-files';
}

/** `serve`: the local Files API server until Ctrl-C or SIGTERM; prints its base URL (JSON with --json). */
export function serveCommand(context: CommandContext): Command {
  return new Command('serve')
    .description('run the local Files API server (for tests, demos and offline work) until Ctrl-C')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 8787)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data <dir>', 'keep files in this folder (default: a temporary folder, removed on exit)')
    .option(
      '--public-url <url>',
      'the origin clients reach the server at, for storage URLs (default: the listening address, or on 0.0.0.0 the Host a client sent)',
    )
    .action(async (_options: ServeOptions, command: Command) => {
      // The global --api-key means "the key clients must send" here, not a key to send.
      const options = command.optsWithGlobals<ServeOptions>();
      const output = createOutput(context.io, options);
      const { startServer } = await import('@together-files/server');
      const server = await startServer({
        port: options.port,
        host: options.host,
        ...(options.data !== undefined && { dataDir: options.data }),
        ...(options.publicUrl !== undefined && { publicUrl: options.publicUrl }),
        ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EADDRINUSE') throw error;
        throw new CommandFailure(
          `serve failed: port ${options.port} on ${options.host} is in use. Stop what listens there, or pass --port 0 to pick a free port.`,
        );
      });
      try {
        const { url, baseURL, dataDir } = server;
        if (output.json) {
          // One line, so a parent process can read the address as soon as it appears.
          context.io.stdout.write(`${JSON.stringify({ url, baseURL, dataDir })}\n`);
        } else {
          output.result(null, {
            human: () =>
              `together-files server listening at ${baseURL}\n` +
              `  try: TOGETHER_BASE_URL=${baseURL} TOGETHER_API_KEY=${options.apiKey ?? 'any-key'} ${invocation(context.io.env)} list`,
            quiet: () => baseURL,
          });
        }
        output.note(`files in ${dataDir}; press Ctrl-C to stop`);
        if (!context.signal.aborted) await once(context.signal, 'abort');
      } finally {
        await server.close();
      }
      output.note('server stopped');
    });
}
