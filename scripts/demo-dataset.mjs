// The demo's datasets: a realistic fine-tuning set of chat samples (system, user and assistant messages, some
// conversations of several turns) and a small broken one. Seeded, so every run writes the same bytes.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { seededRandom as createRandom } from '../bench/lib/seeded-random.mjs';

const SYSTEM_PROMPTS = [
  'You are a helpful assistant for a logistics company. Answer precisely and cite the relevant policy.',
  'You are a senior software engineer who reviews code and explains trade-offs clearly.',
  'You are a friendly tutor. Explain step by step and check the student understood.',
  'You are a support agent for a cloud platform. Be concise, give commands the user can run.',
];
const TOPICS = [
  'shipment delays',
  'database indexing',
  'photosynthesis',
  'Kubernetes rollouts',
  'invoice disputes',
  'TypeScript generics',
  'the French Revolution',
  'rate limiting',
  'unit conversions',
  'backpressure in streams',
];
const WORDS = (
  'the a system request file stream upload result value process customer order delivery network latency ' +
  'memory buffer policy rule example answer reason detail step first then finally because however therefore ' +
  'quickly carefully usually often important simple complex reliable secure expected measured average peak ' +
  'cache index query schema model token dataset sample batch worker thread signal timeout retry error status'
).split(' ');

function sentence(random, words) {
  const parts = [];
  for (let index = 0; index < words; index += 1) parts.push(WORDS[Math.floor(random() * WORDS.length)]);
  const text = parts.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random, sentences) {
  const parts = [];
  for (let index = 0; index < sentences; index += 1)
    parts.push(sentence(random, 8 + Math.floor(random() * 14)));
  return parts.join(' ');
}

function sample(random) {
  const topic = TOPICS[Math.floor(random() * TOPICS.length)];
  const messages = [
    { role: 'system', content: SYSTEM_PROMPTS[Math.floor(random() * SYSTEM_PROMPTS.length)] },
  ];
  const turns = 1 + Math.floor(random() * 3);
  for (let turn = 0; turn < turns; turn += 1) {
    messages.push({
      role: 'user',
      content: `About ${topic}: ${paragraph(random, 2 + Math.floor(random() * 4))}`,
    });
    messages.push({ role: 'assistant', content: paragraph(random, 6 + Math.floor(random() * 14)) });
  }
  return { messages };
}

/**
 * Writes `samples` chat samples as JSONL to `path` (about 3.6 KiB each: 8,000 samples are about 28 MiB).
 * Resolves to the byte count.
 */
export async function writeChatDataset(path, { samples, seed = 20240506 }) {
  const random = createRandom(seed);
  const output = createWriteStream(path);
  let bytes = 0;
  for (let index = 0; index < samples; index += 1) {
    const line = `${JSON.stringify(sample(random))}\n`;
    bytes += Buffer.byteLength(line);
    if (!output.write(line)) await once(output, 'drain');
  }
  output.end();
  await once(output, 'close');
  return bytes;
}

/** The line of the broken dataset that the check must name. */
export const BAD_LINE_NUMBER = 4;

/** Writes a small dataset whose line {@link BAD_LINE_NUMBER} was cut off mid-object (invalid JSON). */
export async function writeBrokenDataset(path) {
  const random = createRandom(7);
  const lines = [];
  for (let index = 1; index <= 6; index += 1) {
    const line = JSON.stringify(sample(random));
    lines.push(index === BAD_LINE_NUMBER ? line.slice(0, Math.floor(line.length / 2)) : line);
  }
  const output = createWriteStream(path);
  output.end(`${lines.join('\n')}\n`);
  await once(output, 'close');
}
