/**
 * Test data for the benchmarks: JSONL fine-tune datasets of an exact size, made of conversation samples of
 * exactly `lineBytes` bytes each, with seeded pseudo-random words so every run writes the same bytes.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { seededRandom } from './seeded-random.mjs';

const words = (
  'the of and to in is was for on that with as by at from his her an which or be are this had not but were ' +
  'model data token train loss batch epoch learning rate gradient layer attention weight sample prompt answer ' +
  'question user assistant system tool file upload stream buffer chunk part server client request response'
).split(' ');

function text(random, length) {
  let result = '';
  while (result.length < length) result += `${words[Math.floor(random() * words.length)]} `;
  return result.slice(0, length).trimEnd().padEnd(length, '.');
}

/** One conversation sample of exactly `lineBytes` bytes including the newline. */
export function conversationLine(random, lineBytes = 1024) {
  const empty = JSON.stringify({
    messages: [
      { role: 'user', content: '' },
      { role: 'assistant', content: '' },
    ],
  });
  const room = lineBytes - empty.length - 1;
  const userLength = Math.floor(room / 3);
  const line = JSON.stringify({
    messages: [
      { role: 'user', content: text(random, userLength) },
      { role: 'assistant', content: text(random, room - userLength) },
    ],
  });
  return `${line}\n`;
}

/**
 * Writes a JSONL file of `bytes` bytes (rounded down to whole lines) to `path`, repeating a block of 4096
 * distinct samples; resolves to the size written.
 */
export async function writeJsonlFile(path, bytes, options = {}) {
  const lineBytes = options.lineBytes ?? 1024;
  const random = seededRandom(options.seed ?? 7);
  const lines = Math.floor(bytes / lineBytes);
  const blockLines = Math.min(4096, lines);
  const block = Buffer.from(
    Array.from({ length: blockLines }, () => conversationLine(random, lineBytes)).join(''),
  );
  const output = createWriteStream(path);
  let written = 0;
  for (let remaining = lines; remaining > 0; remaining -= blockLines) {
    const chunk = remaining >= blockLines ? block : block.subarray(0, remaining * lineBytes);
    written += chunk.length;
    if (!output.write(chunk)) await once(output, 'drain');
  }
  output.end();
  await once(output, 'finish');
  return written;
}
