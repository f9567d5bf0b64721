import type { CheckProblem } from './build-report.js';
import type { DatasetFormat } from './report.js';

/** The keys that mark each fine-tune dataset format; a sample has exactly one format. */
export const FORMAT_KEYS: Readonly<Record<DatasetFormat, readonly string[]>> = {
  general: ['text'],
  conversation: ['messages'],
  instruction: ['prompt', 'completion'],
  preference: ['input', 'preferred_output', 'non_preferred_output'],
};

/** The roles a conversation message may have. */
export const MESSAGE_ROLES: readonly string[] = ['system', 'user', 'assistant', 'tool'];

/** At most this many images in one sample. */
export const MAX_IMAGES_PER_SAMPLE = 10;

/** At most this many bytes in one image, decoded. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

const formats = Object.keys(FORMAT_KEYS) as DatasetFormat[];
const imageDataUrl = /^data:image\/(?:jpeg|png|webp);base64,/;
const base64Payload = /^[A-Za-z0-9+/]*={0,2}$/;

/** The verdict on one sample: its format, or the first rule it breaks. */
export type SampleVerdict =
  | { format: DatasetFormat; problem?: undefined }
  | { format?: undefined; problem: CheckProblem };

// Thrown inside the walk below and caught once in checkFineTuneSample: the rules read top to bottom that way.
class SampleProblem {
  constructor(
    readonly check: 'text_field' | 'key_value',
    readonly message: string,
  ) {}
}

/**
 * Checks one parsed JSONL line against the fine-tune format rules: which format it is, the fields of that format,
 * roles and their order, weights and images. Unknown extra keys are allowed.
 */
export function checkFineTuneSample(sample: Record<string, unknown>, line: number): SampleVerdict {
  try {
    const format = detectFormat(sample);
    if (Object.hasOwn(sample, 'weight')) checkSampleWeight(sample.weight);
    if (format === 'general') requireString(sample, 'text', 'the sample');
    else if (format === 'instruction') {
      requireString(sample, 'prompt', 'the sample');
      requireString(sample, 'completion', 'the sample');
    } else if (format === 'conversation') checkMessages(sample.messages, '"messages"', true);
    else checkPreference(sample);
    return { format };
  } catch (error) {
    if (!(error instanceof SampleProblem)) throw error;
    return { problem: { check: error.check, message: `Line ${line}: ${error.message}`, line } };
  }
}

function detectFormat(sample: Record<string, unknown>): DatasetFormat {
  // The common case first, without building arrays: this runs once per line of files of millions of lines.
  let match: DatasetFormat | undefined;
  let count = 0;
  for (const format of formats) {
    if (hasAllKeys(sample, FORMAT_KEYS[format])) {
      match = format;
      count += 1;
    }
  }
  if (count === 1) return match!;
  const matches = formats.filter((format) => hasAllKeys(sample, FORMAT_KEYS[format]));
  if (matches.length > 1)
    throw new SampleProblem(
      'text_field',
      `the sample matches more than one dataset format (${matches.join(', ')})`,
    );
  const partial = formats.find((format) => FORMAT_KEYS[format].some((key) => Object.hasOwn(sample, key)));
  if (partial !== undefined) {
    const missing = FORMAT_KEYS[partial].filter((key) => !Object.hasOwn(sample, key));
    throw new SampleProblem('text_field', `the ${partial} sample lacks ${quoteList(missing)}`);
  }
  const keys = Object.keys(sample);
  throw new SampleProblem(
    'text_field',
    `no dataset format matches the keys (${keys.length > 0 ? keys.slice(0, 10).join(', ') : 'none'}); expected ` +
      '"text", "messages", "prompt" + "completion", or "input" + "preferred_output" + "non_preferred_output"',
  );
}

function hasAllKeys(sample: Record<string, unknown>, keys: readonly string[]): boolean {
  // A property load first (fast, and JSON never holds undefined); Object.hasOwn only for keys that are there, so
  // a key inherited from a polluted Object.prototype still does not count.
  for (const key of keys) if (sample[key] === undefined || !Object.hasOwn(sample, key)) return false;
  return true;
}

function checkSampleWeight(weight: unknown): void {
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)
    throw new SampleProblem('key_value', `"weight" must be a non-negative number, found ${describe(weight)}`);
}

function checkPreference(sample: Record<string, unknown>): void {
  const input = sample.input;
  if (!isPlainObject(input))
    throw new SampleProblem('key_value', `"input" must be an object, found ${describe(input)}`);
  if (!Object.hasOwn(input, 'messages')) throw new SampleProblem('text_field', '"input" lacks "messages"');
  const messages = checkMessages(input.messages, '"input.messages"', false);
  // The preferred and non-preferred answers continue the input: it must not already end with an answer.
  if (messages.at(-1)?.role === 'assistant')
    throw new SampleProblem(
      'key_value',
      'the last message of "input.messages" must not be from the assistant',
    );
  for (const key of ['preferred_output', 'non_preferred_output']) {
    const output = sample[key];
    if (!Array.isArray(output) || output.length !== 1)
      throw new SampleProblem(
        'key_value',
        `"${key}" must be a list of exactly one message, found ${describe(output)}`,
      );
    const message = output[0];
    if (!isPlainObject(message))
      throw new SampleProblem('key_value', `"${key}" must hold a message object, found ${describe(message)}`);
    if (message.role !== 'assistant')
      throw new SampleProblem('key_value', `the message of "${key}" must have role "assistant"`);
    if (typeof message.content !== 'string')
      throw new SampleProblem(
        'key_value',
        `the content of "${key}" must be a string, found ${describe(message.content)}`,
      );
  }
}

/** Checks a message list and returns it typed; `where` names it in messages. */
function checkMessages(value: unknown, where: string, requireAssistant: boolean): Record<string, unknown>[] {
  if (!Array.isArray(value))
    throw new SampleProblem('key_value', `${where} must be a list, found ${describe(value)}`);
  if (value.length === 0) throw new SampleProblem('key_value', `${where} must not be empty`);
  let images = 0;
  let previousRole: string | undefined;
  let hasAssistant = false;
  for (let index = 0; index < value.length; index++) {
    const message: unknown = value[index];
    if (!isPlainObject(message))
      throw new SampleProblem(
        'key_value',
        `${messageName(index)} of ${where} must be an object, found ${describe(message)}`,
      );
    if (!Object.hasOwn(message, 'role'))
      throw new SampleProblem('text_field', `${messageName(index)} lacks "role"`);
    const role = message.role;
    if (typeof role !== 'string' || !MESSAGE_ROLES.includes(role))
      throw new SampleProblem(
        'key_value',
        `${messageName(index)} has role ${describe(role)}; the roles are ${MESSAGE_ROLES.join(', ')}`,
      );
    // Parallel tool calls answer with several tool messages in a row; any other repeated role is a broken turn.
    if (role === previousRole && role !== 'tool')
      throw new SampleProblem(
        'key_value',
        `messages ${index} and ${index + 1} both have role "${role}"; consecutive messages must alternate roles`,
      );
    previousRole = role;
    hasAssistant ||= role === 'assistant';
    images += checkContent(message, index, role);
    if (images > MAX_IMAGES_PER_SAMPLE)
      throw new SampleProblem('key_value', `the sample has more than ${MAX_IMAGES_PER_SAMPLE} images`);
    if (Object.hasOwn(message, 'weight') && message.weight !== 0 && message.weight !== 1)
      throw new SampleProblem(
        'key_value',
        `${messageName(index)} has weight ${describe(message.weight)}; a weight must be 0 or 1`,
      );
  }
  if (requireAssistant && !hasAssistant)
    throw new SampleProblem('key_value', `${where} has no assistant message; at least one is required`);
  return value as Record<string, unknown>[];
}

/** Checks a message's content; returns how many images it holds. */
function checkContent(message: Record<string, unknown>, index: number, role: string): number {
  const content = message.content;
  if (typeof content === 'string') return 0;
  // An assistant turn that only calls tools carries no text.
  if (
    (content === undefined || content === null) &&
    role === 'assistant' &&
    Array.isArray(message.tool_calls)
  )
    return 0;
  if (content === undefined) throw new SampleProblem('text_field', `${messageName(index)} lacks "content"`);
  if (!Array.isArray(content))
    throw new SampleProblem(
      'key_value',
      `the content of ${messageName(index)} must be a string or a list of parts, found ${describe(content)}`,
    );
  let images = 0;
  if (content.length === 0)
    throw new SampleProblem('key_value', `the content list of ${messageName(index)} is empty`);
  for (const part of content as unknown[]) {
    if (!isPlainObject(part))
      throw new SampleProblem(
        'key_value',
        `a content part of ${messageName(index)} is ${describe(part)}, not an object`,
      );
    if (part.type === 'text') {
      if (typeof part.text !== 'string')
        throw new SampleProblem(
          'key_value',
          `a text part of ${messageName(index)} must have a string "text", found ${describe(part.text)}`,
        );
    } else if (part.type === 'image_url') {
      if (role !== 'user')
        throw new SampleProblem(
          'key_value',
          `${messageName(index)} has role "${role}"; only user messages may hold images`,
        );
      checkImage(part.image_url, messageName(index));
      images += 1;
    } else {
      throw new SampleProblem(
        'key_value',
        `a content part of ${messageName(index)} has type ${describe(part.type)}; the types are text, image_url`,
      );
    }
  }
  return images;
}

// Names are built only for a message: the loops above run for every message of every line.
function messageName(index: number): string {
  return `message ${index + 1}`;
}

function checkImage(imageUrl: unknown, name: string): void {
  const url = isPlainObject(imageUrl) ? imageUrl.url : undefined;
  if (typeof url !== 'string')
    throw new SampleProblem('key_value', `an image part of ${name} must have "image_url": { "url": string }`);
  const header = imageDataUrl.exec(url.slice(0, 32));
  if (header === null)
    throw new SampleProblem(
      'key_value',
      `an image of ${name} must be a data URL of a jpeg, png or webp image (data:image/png;base64,...)`,
    );
  if (!base64Payload.test(url.slice(header[0].length)))
    throw new SampleProblem('key_value', `an image of ${name} is not valid base64 after its data URL header`);
  const bytes = base64DecodedLength(url, header[0].length);
  if (bytes > MAX_IMAGE_BYTES)
    throw new SampleProblem(
      'key_value',
      `an image of ${name} has ${bytes} bytes; the maximum is ${MAX_IMAGE_BYTES} (10 MiB)`,
    );
}

/** Decoded size of the base64 payload of `text` from `start`, without decoding it. */
export function base64DecodedLength(text: string, start: number): number {
  let end = text.length;
  while (end > start && text.charCodeAt(end - 1) === 61 /* = */) end -= 1;
  return Math.floor(((end - start) * 3) / 4);
}

function requireString(record: Record<string, unknown>, key: string, where: string): void {
  if (typeof record[key] !== 'string')
    throw new SampleProblem(
      'key_value',
      `"${key}" of ${where} must be a string, found ${describe(record[key])}`,
    );
}

/** True for a JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON kind of a value, for messages: "a number (3)", "an array", "null". */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  return `${typeof value === 'number' ? 'a number' : 'a boolean'} (${String(value)})`;
}

function quoteList(keys: readonly string[]): string {
  return keys.map((key) => `"${key}"`).join(' and ');
}
