import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temp folder for one test file's fixtures; `remove()` deletes it with everything in it. */
export interface FixtureDir {
  /** The folder's path. */
  path: string;
  /** Writes `content` to `name` inside the folder and returns the file's path. */
  write(name: string, content: string | Uint8Array): Promise<string>;
  /** Deletes the folder. */
  remove(): Promise<void>;
}

/** Creates a fresh temp folder for fixtures (call `remove()` in `afterAll`). */
export async function fixtureDir(): Promise<FixtureDir> {
  const path = await mkdtemp(join(tmpdir(), 'together-files-check-'));
  return {
    path,
    async write(name, content) {
      const file = join(path, name);
      await writeFile(file, content);
      return file;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}

/** JSONL text of `samples`, one per line, with a final newline. */
export function jsonl(samples: readonly unknown[]): string {
  return samples.map((sample) => JSON.stringify(sample)).join('\n') + '\n';
}

/** A small valid conversation sample. */
export function chat(user = 'Hi', assistant = 'Hello!'): Record<string, unknown> {
  return {
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: user },
      { role: 'assistant', content: assistant },
    ],
  };
}
