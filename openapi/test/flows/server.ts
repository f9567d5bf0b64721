// What the flow tests share: our local server, started once per file, and a small dataset.
import { createHash } from 'node:crypto';
import { type ServerHandle, startServer } from '@together-files/server';
import { afterAll, beforeAll } from 'vitest';

export const API_KEY = 'sk-flow-0123456789abcdef';
export const AUTH = { authorization: `Bearer ${API_KEY}` };

/** Starts one server for the file's tests. */
export function useServer(): () => ServerHandle {
  let server: ServerHandle | undefined;
  beforeAll(async () => {
    server = await startServer({ apiKey: API_KEY, recordHeaders: true });
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => server!;
}

/** A valid general-format fine-tune dataset of `lines` samples. */
export function dataset(lines: number, tag: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    Array.from(
      { length: lines },
      (_, index) => `${JSON.stringify({ text: `${tag} sample ${index}` })}\n`,
    ).join(''),
  );
}

/** Lowercase sha256 hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Polls `GET /files/{id}` until validation ends; returns the last answer. */
export async function untilProcessed(server: ServerHandle, id: string): Promise<Record<string, unknown>> {
  for (let tries = 0; tries < 200; tries++) {
    const file = (await (await fetch(`${server.baseURL}/files/${id}`, { headers: AUTH })).json()) as Record<
      string,
      unknown
    >;
    if (!['QUEUED', 'RUNNING'].includes(String(file.processing_status))) return file;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${id} still processing`);
}
