/**
 * The files of the bad-input catalogue: each one wrong in one way (or, for the 100 MB single line, valid but
 * extreme), written once per run.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';

/** Paths of the catalogue's files, by what is wrong with them. */
export interface BadFiles {
  valid: string;
  missing: string;
  empty: string;
  directory: string;
  textExtension: string;
  jsonExtension: string;
  noExtension: string;
  notUtf8: string;
  invalidJsonLine1: string;
  invalidJsonLine10000: string;
  blankLine: string;
  arrayLine: string;
  csvForFineTune: string;
  csvRaggedForEval: string;
  mixedFormats: string;
  noAssistant: string;
  /** A line longer than the check reads (MAX_LINE_BYTES, 160 MiB): a sparse file, no disk spent (issue 13, item 17). */
  overlongLine: string;
  /** One JSON object of 100 MB on one line: valid JSONL. */
  hundredMegabyteLine: string;
  /** Size of `hundredMegabyteLine` in bytes. */
  hundredMegabyteLineBytes: number;
}

const sample = (text: string) => `${JSON.stringify({ text })}\n`;

async function writeLongLine(path: string, bytes: number): Promise<number> {
  const head = '{"text": "';
  const tail = '"}\n';
  const output = createWriteStream(path);
  const chunk = Buffer.alloc(1024 * 1024, 'abcdefghijklmnopqrstuvwxyz ');
  let body = bytes - head.length - tail.length;
  output.write(head);
  while (body > 0) {
    const piece = chunk.subarray(0, Math.min(chunk.length, body));
    body -= piece.length;
    if (!output.write(piece)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  }
  output.end(tail);
  await finished(output);
  return bytes;
}

/** Writes every bad file into `folder`; resolves to their paths. */
export async function writeBadFiles(folder: string): Promise<BadFiles> {
  await mkdir(folder, { recursive: true });
  const at = (name: string) => join(folder, name);
  const files: Omit<BadFiles, 'hundredMegabyteLine' | 'hundredMegabyteLineBytes'> = {
    valid: at('valid.jsonl'),
    missing: at('missing.jsonl'),
    empty: at('empty.jsonl'),
    directory: at('folder.jsonl'),
    textExtension: at('data.txt'),
    jsonExtension: at('data.json'),
    noExtension: at('data'),
    notUtf8: at('latin1.jsonl'),
    invalidJsonLine1: at('invalid-line-1.jsonl'),
    invalidJsonLine10000: at('invalid-line-10000.jsonl'),
    blankLine: at('blank-line.jsonl'),
    arrayLine: at('array-line.jsonl'),
    csvForFineTune: at('table.csv'),
    csvRaggedForEval: at('ragged.csv'),
    mixedFormats: at('mixed-formats.jsonl'),
    noAssistant: at('no-assistant.jsonl'),
    overlongLine: at('overlong-line.jsonl'),
  };
  const good = sample('a valid sample') + sample('another one');
  await writeFile(files.valid, good);
  await writeFile(files.empty, '');
  await mkdir(files.directory, { recursive: true });
  await writeFile(files.textExtension, good);
  await writeFile(files.jsonExtension, good);
  await writeFile(files.noExtension, good);
  // "café" in Latin-1: the é is the lone byte 0xE9, never valid UTF-8.
  await writeFile(
    files.notUtf8,
    Buffer.concat([Buffer.from('{"text": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]),
  );
  await writeFile(files.invalidJsonLine1, `{"text": oops}\n${good}`);
  await writeFile(files.invalidJsonLine10000, `${sample('fine').repeat(9999)}{"text": "cut off\n`);
  await writeFile(files.blankLine, `${sample('one')}\n${sample('three')}`);
  await writeFile(files.arrayLine, `${sample('one')}[1, 2, 3]\n`);
  await writeFile(files.csvForFineTune, 'prompt,completion\nhi,hello\n');
  await writeFile(files.csvRaggedForEval, 'question,answer\nwhat,that\nonly one field\n');
  await writeFile(
    files.mixedFormats,
    `${sample('general')}${JSON.stringify({ prompt: 'p', completion: 'c' })}\n`,
  );
  await writeFile(files.noAssistant, `${JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] })}\n`);
  await writeFile(files.overlongLine, sample('one'));
  await truncate(files.overlongLine, 161 * 1024 * 1024);
  const hundredMegabyteLine = at('one-line-100mb.jsonl');
  const hundredMegabyteLineBytes = await writeLongLine(hundredMegabyteLine, 100 * 1000 * 1000);
  return { ...files, hundredMegabyteLine, hundredMegabyteLineBytes };
}
