/**
 * The reliability run: a seeded sequence of operations (single-part and multipart uploads, downloads to disk, list,
 * retrieve, delete) by the promise client through the fault proxy to the local server. Every operation must end with
 * byte-exact data or a typed error (a `TogetherError`); output folders never keep a partial or temp file; and at the
 * end the server's store holds exactly the files it lists, each with the bytes that were uploaded.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError, Together, TogetherError } from '@together-files/client';
import { startServer } from '@together-files/server';
import { type FaultRates, startFaultProxy } from './fault-proxy.js';
import { emptyReport, type FaultRunReport, type OperationKind, type Outcome } from './fault-report.js';
import { verifyFile } from './file-hash.js';
import { pick, type Random, randomInt, seededRandom } from './seeded-random.js';
import { type SourceFile, writeSourceFile } from './source-files.js';
import { auditStore } from './store-audit.js';

/** How a run is set up; sizes stay small so CI runs it in well under two minutes. */
export interface FaultRunOptions {
  seed: number;
  operations: number;
  /** A fresh folder for sources, downloads and the server's data. */
  workDir: string;
  rates: Partial<FaultRates>;
  /** Stall range in ms; stalls beyond the client's `timeout` make it time out and retry. */
  stallMs: { min: number; max: number };
  /** Client per-request timeout in ms. */
  timeout: number;
  singleBytes: { min: number; max: number };
  multipartBytes: { min: number; max: number };
  partSize: number;
  log?: (line: string) => void;
}

/** A check that found wrong bytes, a lost file or a leftover: the one outcome that must never happen. */
class Corruption extends Error {}

const weights: Array<[OperationKind, number]> = [
  ['upload', 0.22],
  ['upload-multipart', 0.07],
  ['download', 0.25],
  ['list', 0.14],
  ['retrieve', 0.16],
  ['delete', 0.16],
];

function chooseKind(random: Random, knownCount: number): OperationKind {
  if (knownCount === 0) return 'upload';
  if (knownCount > 12 && random() < 0.5) return 'delete';
  let draw = random();
  for (const [kind, weight] of weights) {
    if (draw < weight) return kind;
    draw -= weight;
  }
  return 'list';
}

/** Runs the suite; resolves to its counts and findings (it never throws for a finding, the caller asserts). */
export async function runFaultSuite(options: FaultRunOptions): Promise<FaultRunReport> {
  const sourcesDir = join(options.workDir, 'sources');
  const outputDir = join(options.workDir, 'downloads');
  await Promise.all([sourcesDir, outputDir].map((folder) => mkdir(folder, { recursive: true })));
  const apiKey = 'fault-suite-key';
  const server = await startServer({ apiKey, dataDir: join(options.workDir, 'server') });
  const { port } = new URL(server.url);
  const proxy = await startFaultProxy({
    upstream: { host: '127.0.0.1', port: Number(port) },
    seed: options.seed,
    rates: options.rates,
    stallMs: options.stallMs,
    // One second asked, capped by the client at maxRetryDelay (200 ms): honoured, yet quick.
    retryAfterSeconds: 1,
    // The server signs storage URLs with its own origin; storage must go through the proxy too.
    rewrite: { from: server.url },
  });
  const report = emptyReport();
  let retries = 0;
  const retryLog: string[] = [];
  const quiet = () => {};
  const client = new Together({
    apiKey,
    baseURL: `${proxy.url}/v1`,
    timeout: options.timeout,
    maxRetries: 3,
    maxRetryDelay: 200,
    upload: {
      multipartThreshold: options.multipartBytes.min - 1,
      partSize: options.partSize,
      concurrency: 2,
    },
    logLevel: 'info',
    logger: {
      error: quiet,
      warn: quiet,
      debug: quiet,
      info: (message) => {
        if (!/; retry \d+ of \d+/.test(message)) return;
        retries += 1;
        if (options.log) retryLog.push(message);
      },
    },
  });
  const random = seededRandom(options.seed ^ 0x5eed);
  const known = new Map<string, SourceFile>();
  const maybeThere = new Map<string, SourceFile>();
  const failedUploads: SourceFile[] = [];

  const upload = async (index: number, multipart: boolean) => {
    const range = multipart ? options.multipartBytes : options.singleBytes;
    const source = await writeSourceFile(
      join(sourcesDir, `source-${index}.jsonl`),
      randomInt(random, range.min, range.max),
      options.seed * 100_000 + index,
    );
    try {
      const file = await client.files.upload({ file: source.path, purpose: 'fine-tune' });
      if (file.bytes !== source.bytes)
        throw new Corruption(`upload ${file.id}: bytes ${file.bytes} ≠ ${source.bytes}`);
      if (known.has(file.id)) throw new Corruption(`upload returned the id of another file: ${file.id}`);
      known.set(file.id, source);
    } catch (error) {
      if (!(error instanceof Corruption)) failedUploads.push(source);
      throw error;
    } finally {
      await rm(source.path, { force: true });
    }
  };

  const download = async () => {
    const [id, source] = pick(random, [...known]);
    const output = join(outputDir, `${id}.jsonl`);
    try {
      const result = await client.files.retrieveContent(id, { output });
      if (result.sha256 !== source.sha256 || result.bytes !== source.bytes) {
        throw new Corruption(`download ${id}: reported ${result.bytes} bytes ${result.sha256}`);
      }
      const problem = await verifyFile(output, source);
      if (problem) throw new Corruption(`download ${id}: ${problem}`);
    } catch (error) {
      const left = await readdir(outputDir);
      if (!(error instanceof Corruption) && left.length > 0) {
        throw new Corruption(`failed download left ${left.join(', ')} (${(error as Error).message})`);
      }
      throw error;
    } finally {
      await rm(output, { force: true });
    }
  };

  const list = async () => {
    const listed = await client.files.list();
    const ids = new Set(listed.data.map((file) => file.id));
    for (const [id, source] of known) {
      if (!ids.has(id)) throw new Corruption(`list lost file ${id}`);
      const bytes = listed.data.find((file) => file.id === id)?.bytes;
      if (bytes !== source.bytes) throw new Corruption(`list: ${id} has ${bytes} bytes, not ${source.bytes}`);
    }
  };

  const retrieve = async () => {
    const [id, source] = pick(random, [...known]);
    const file = await client.files.retrieve(id);
    if (file.id !== id || file.bytes !== source.bytes)
      throw new Corruption(`retrieve ${id}: ${file.id} ${file.bytes}`);
  };

  const remove = async () => {
    const [id, source] = pick(random, [...known]);
    known.delete(id);
    try {
      const result = await client.files.delete(id);
      if (result.id !== id || result.deleted !== true)
        throw new Corruption(`delete ${id}: ${JSON.stringify(result)}`);
    } catch (error) {
      // A 404 means it is gone (a retry after a lost answer); any other failure leaves it in doubt.
      if (error instanceof NotFoundError) report.deleteNotFound += 1;
      else if (!(error instanceof Corruption)) maybeThere.set(id, source);
      throw error;
    }
  };

  const operations: Record<OperationKind, (index: number) => Promise<void>> = {
    upload: (index) => upload(index, false),
    'upload-multipart': (index) => upload(index, true),
    download,
    list,
    retrieve,
    delete: remove,
  };

  try {
    for (let index = 0; index < options.operations; index++) {
      const kind = chooseKind(random, known.size);
      const faultsBefore = proxy.injected.length;
      let outcome: Outcome = 'succeeded';
      let message: string | undefined;
      try {
        await operations[kind](index);
      } catch (error) {
        message = `${(error as Error).constructor.name}: ${(error as Error).message}`;
        if (error instanceof Corruption) outcome = 'corrupt';
        else if (error instanceof TogetherError) outcome = 'failed-cleanly';
        else outcome = 'untyped-error';
        if (outcome === 'failed-cleanly') {
          const name = (error as Error).constructor.name;
          report.errorsByClass[name] = (report.errorsByClass[name] ?? 0) + 1;
        }
      }
      const leftovers = await readdir(outputDir);
      if (leftovers.length > 0 && outcome !== 'corrupt') {
        outcome = 'corrupt';
        message = `output folder keeps ${leftovers.join(', ')} after ${kind}`;
        await Promise.all(leftovers.map((name) => rm(join(outputDir, name), { force: true })));
      }
      const faults = proxy.injected.length - faultsBefore;
      report.record(kind, outcome, faults);
      if (outcome === 'corrupt' || outcome === 'untyped-error')
        report.problems.push(`#${index} ${kind}: ${message}`);
      const fired = proxy.injected
        .slice(faultsBefore)
        .map((fault) => `${fault.kind} ${fault.method} ${fault.path}`);
      options.log?.(
        `#${index} ${kind} ${outcome}${faults ? ` [${fired.join('; ')}]` : ''}${message ? `: ${message}` : ''}`,
      );
      for (const line of retryLog.splice(0)) options.log?.(`    ${line}`);
    }
  } finally {
    proxy.setEnabled(false);
  }

  // The final audit talks to the server directly: what it lists, what its folder holds, and every file's bytes.
  const direct = new Together({ apiKey, baseURL: server.baseURL });
  const listed = (await direct.files.list()).data.map((file) => file.id);
  const failedBySha = new Map(failedUploads.map((source) => [source.sha256, source]));
  for (const id of known.keys()) if (!listed.includes(id)) report.problems.push(`final list lost file ${id}`);
  for (const id of listed) {
    const expected = known.get(id) ?? maybeThere.get(id);
    const output = join(outputDir, `final-${id}.jsonl`);
    const result = await direct.files.retrieveContent(id, { output });
    await rm(output, { force: true });
    if (expected) {
      if (result.sha256 !== expected.sha256)
        report.problems.push(`final bytes of ${id} differ from the upload`);
    } else if (failedBySha.has(result.sha256)) {
      report.uploadedDespiteError += 1;
    } else {
      report.problems.push(`final list has ${id} whose bytes match no upload`);
    }
  }
  report.finalFiles = listed.length;
  // Give discards of interrupted transfers a moment to finish before reading the folder.
  await new Promise((resolve) => setTimeout(resolve, 300));
  report.audit = await auditStore(server.dataDir, listed);
  const tempOfListed = report.audit.tempFiles.filter((name) =>
    listed.some((id) => name.startsWith(`${id}.`)),
  );
  for (const name of tempOfListed) report.problems.push(`temp file ${name} belongs to a completed file`);
  report.failedUploads = failedUploads.length;
  report.faultsInjected = proxy.injected.length;
  for (const fault of proxy.injected)
    report.faultsByKind[fault.kind] = (report.faultsByKind[fault.kind] ?? 0) + 1;
  report.requests = proxy.requestCount();
  report.retries = retries;
  await proxy.close();
  await server.close();
  return report;
}
