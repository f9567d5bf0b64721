import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkFile } from '../src/check-file.js';
import { checkStream } from '../src/check-stream.js';
import { corpus } from './corpus.js';

// The web build (dist/web, for browsers and Workers) folds Node's fast syntax decoder away and, with it, the second
// look at a failing line's real text: there the text is exact from the start. Its reports must be those of the
// Node check, words included, also for lines that are not ASCII. It runs here on Node as a browser runs it (`isNode()`
// is false in that build); `pnpm test` builds first.
const webEntry = new URL('../dist/web/index.js', import.meta.url);
const built = existsSync(webEntry);

type CheckModule = { checkFile: typeof checkFile; checkStream: typeof checkStream };

const encode = (text: string) => new TextEncoder().encode(text);

// Lines whose report quotes non-ASCII text, from a structural failure or from a warning.
const nonAscii = [
  ['invalid JSON on a line with non-ASCII text', 'train.jsonl', '{"text": "日本"}\n{"text": "é" "x"}\n'],
  ['an extra key spelled in non-ASCII', 'train.jsonl', '{"text": "a", "clé": 1}\n'],
  [
    'a role quoted from a non-ASCII value',
    'train.jsonl',
    '{"messages": [{"role": "utilisateur·ice", "content": "é"}]}\n',
  ],
  [
    'not valid UTF-8 after non-ASCII lines',
    'train.jsonl',
    new Uint8Array([...encode('{"text": "日本"}\n'), 0xc3, 0x28, 0x0a]),
  ],
  ['a CSV row with non-ASCII cells and a missing column', 'eval.csv', 'question,answer\n"été","冬"\nseul\n'],
] as const;

describe.skipIf(!built)('the web build gives the reports of the Node check', () => {
  const load = async () => (await import(webEntry.href)) as CheckModule;

  test.each(corpus.map((entry) => [entry.name, entry] as const))('corpus: %s', async (_name, entry) => {
    const web = await load();
    const bytes = typeof entry.content === 'string' ? encode(entry.content) : entry.content;
    const options = { purpose: entry.purpose, filename: entry.file };
    const expected = await checkFile(bytes, options);
    expect(await web.checkFile(bytes, options)).toEqual(expected);
    expect(
      await web.checkFile(new File([new Uint8Array(bytes)], entry.file), { purpose: entry.purpose }),
    ).toEqual(expected);
  });

  test.each(nonAscii)('%s: the same words, from bytes and from a stream', async (_name, file, content) => {
    const web = await load();
    const bytes = typeof content === 'string' ? encode(content) : content;
    const purpose = file.endsWith('.csv') ? 'eval' : 'fine-tune';
    const expected = await checkFile(bytes, { filename: file, purpose });
    expect(await web.checkFile(bytes, { filename: file, purpose })).toEqual(expected);
    const stream = async function* () {
      yield bytes;
    };
    expect(await web.checkStream(stream(), { filename: file, purpose })).toEqual(
      await checkStream(stream(), { filename: file, purpose }),
    );
  });
});
