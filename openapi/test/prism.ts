// Prism (@stoplight/prism-cli, a devDependency) mocking a description, for the tests that hold our clients to
// the official one.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** A running Prism mock and everything it printed. */
export interface PrismMock {
  /** The base URL the mock serves the description's paths at. */
  url: string;
  /** Prism's log so far (its validator names each violation). */
  output(): string;
  /** The violations Prism logged (a request that did not validate, or that it refused), oldest first. */
  violations(): string[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function prismBin(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@stoplight/prism-cli/package.json');
  return join(dirname(pkg), 'dist', 'index.js');
}

/**
 * Starts `prism mock <spec> --errors`: a request that violates the description is answered with an error (so our
 * client fails), and the violation is logged, which {@link PrismMock.violations} collects.
 */
export async function startPrism(spec: string): Promise<PrismMock> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [prismBin(), 'mock', spec, '--host', '127.0.0.1', '--port', String(port), '--errors'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  let log = '';
  child.stdout?.on('data', (chunk) => {
    log += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  const started = Date.now();
  while (!/Prism is listening/.test(log)) {
    if (child.exitCode !== null) throw new Error(`Prism exited (${child.exitCode}):\n${log}`);
    if (Date.now() - started > 120_000) {
      child.kill();
      throw new Error(`Prism did not start within 120 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => log,
    violations: () =>
      log
        .split('\n')
        .filter((line) => /✖|\[VALIDATOR\] ⚠/.test(line))
        .map((line) => line.trim()),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
