import type { CheckWarningRule, DatasetFormat } from './report.js';

/**
 * The keys that mark each fine-tune dataset format; a sample has exactly one format. Official source: together-py
 * `src/together/lib/constants.py`, `JSONL_REQUIRED_COLUMNS_MAP` (the preference format is `preference_openai` there).
 */
export const FORMAT_KEYS: Readonly<Record<DatasetFormat, readonly string[]>> = {
  general: ['text'],
  conversation: ['messages'],
  instruction: ['prompt', 'completion'],
  preference: ['input', 'preferred_output', 'non_preferred_output'],
};

/** The keys a format takes besides its own (constants.py, `JSONL_EXTRA_COLUMNS_MAP`): a conversation's `tools`. */
export const EXTRA_KEYS: Readonly<Record<DatasetFormat, readonly string[]>> = {
  general: [],
  conversation: ['tools'],
  instruction: [],
  preference: [],
};

/** The roles a conversation message may have (constants.py, `POSSIBLE_ROLES_CONVERSATION`). */
export const MESSAGE_ROLES: readonly string[] = ['system', 'user', 'assistant', 'tool'];

/** At most this many images in one sample, and in one message (constants.py, `MAX_IMAGES_PER_EXAMPLE`). */
export const MAX_IMAGES_PER_SAMPLE = 10;

/** At most this many bytes in one image, decoded (constants.py, `MAX_IMAGE_BYTES`). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** The longest image data URL (constants.py, `MAX_BASE64_IMAGE_LENGTH`): the jpeg header and 4/3 of the bytes. */
export const MAX_BASE64_IMAGE_LENGTH =
  'data:image/jpeg;base64,'.length + Math.floor((4 * MAX_IMAGE_BYTES) / 3);

const formats = Object.keys(FORMAT_KEYS) as DatasetFormat[];
const imageDataUrl = /^data:image\/(?:jpeg|png|webp);base64,/;

/** A semantic finding on a sample, before it gets its line. */
export interface SampleFinding {
  rule: CheckWarningRule;
  /** The sentence, without the `Line N:` prefix. */
  message: string;
}

/** The verdict on one sample: its format when one matches, and its first semantic finding, if any. */
export interface SampleVerdict {
  format?: DatasetFormat;
  finding?: SampleFinding;
}

// Thrown inside the walk below and caught once in checkFineTuneSample: the rules read top to bottom that way.
class Finding {
  constructor(
    readonly rule: CheckWarningRule,
    readonly message: string,
  ) {}
}

/**
 * Checks one JSON object line against the fine-tune format rules, as together-py v2 validated them on the client
 * before its pull request 364 moved them to the service (`_check_jsonl`, `validate_messages`,
 * `validate_preference_openai`, `_check_message_content` in `src/together/lib/utils/files.py`), brought up to its
 * newest constants. Returns the format and the first finding; a finding is a warning, never a failure.
 */
export function checkFineTuneSample(sample: Record<string, unknown>): SampleVerdict {
  let format: DatasetFormat | undefined;
  try {
    format = detectFormat(sample);
    checkExtraKeys(sample, format);
    if (format === 'conversation') {
      checkMessages(sample.messages, { requireAssistant: true });
      if (Object.hasOwn(sample, 'tools') && !Array.isArray(sample.tools))
        throw new Finding('tools', `"tools" must be a list, found ${describe(sample.tools)}`);
    } else if (format === 'preference') checkPreference(sample);
    else
      for (const key of FORMAT_KEYS[format])
        checkContent(sample[key], key === 'completion' ? 'assistant' : 'user', `"${key}"`);
    return { format };
  } catch (error) {
    if (!(error instanceof Finding)) throw error;
    return { ...(format !== undefined && { format }), finding: { rule: error.rule, message: error.message } };
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
  if (count > 1) {
    const matches = formats.filter((format) => hasAllKeys(sample, FORMAT_KEYS[format]));
    throw new Finding('format', `the sample matches more than one dataset format (${matches.join(', ')})`);
  }
  const partial = formats.find((format) => FORMAT_KEYS[format].some((key) => Object.hasOwn(sample, key)));
  if (partial !== undefined) {
    const missing = FORMAT_KEYS[partial].filter((key) => !Object.hasOwn(sample, key));
    throw new Finding('format', `the ${partial} sample lacks ${quoteList(missing)}`);
  }
  const keys = Object.keys(sample);
  throw new Finding(
    'format',
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

function checkExtraKeys(sample: Record<string, unknown>, format: DatasetFormat): void {
  const own = FORMAT_KEYS[format];
  const extra = EXTRA_KEYS[format];
  for (const key in sample) {
    if (!own.includes(key) && !extra.includes(key)) {
      const takes = [...own, ...extra].join(', ');
      throw new Finding(
        'extra_key',
        `the key "${key}" is not part of the ${format} format (it takes ${takes})`,
      );
    }
  }
}

function checkPreference(sample: Record<string, unknown>): void {
  const input = sample.input;
  if (!isPlainObject(input))
    throw new Finding('preference', `"input" must be an object, found ${describe(input)}`);
  if (!Object.hasOwn(input, 'messages')) throw new Finding('preference', '"input" lacks "messages"');
  const messages = checkMessages(input.messages, { requireAssistant: false, where: '"input.messages"' });
  // The preferred and non-preferred answers continue the input: it must not already end with an answer.
  if (messages.at(-1)?.role === 'assistant')
    throw new Finding('preference', 'the last message of "input.messages" must not be from the assistant');
  for (const key of ['preferred_output', 'non_preferred_output']) {
    const output = sample[key];
    if (!Array.isArray(output) || output.length !== 1)
      throw new Finding(
        'preference',
        `"${key}" must be a list of exactly one message, found ${describe(output)}`,
      );
    const message = output[0];
    if (!isPlainObject(message))
      throw new Finding('preference', `"${key}" must hold a message object, found ${describe(message)}`);
    if (message.role !== 'assistant')
      throw new Finding('preference', `the message of "${key}" must have role "assistant"`);
    if (!Object.hasOwn(message, 'content'))
      throw new Finding('preference', `the message of "${key}" lacks "content"`);
    checkContent(message.content, 'assistant', `the content of "${key}"`);
  }
}

/** Checks a message list and returns it typed. */
function checkMessages(
  value: unknown,
  options: { requireAssistant: boolean; where?: string },
): Record<string, unknown>[] {
  const where = options.where ?? '"messages"';
  if (!Array.isArray(value))
    throw new Finding('messages', `${where} must be a list, found ${describe(value)}`);
  if (value.length === 0) throw new Finding('messages', `${where} must not be empty`);
  for (let index = 0; index < value.length; index++) {
    const message: unknown = value[index];
    if (!isPlainObject(message))
      throw new Finding(
        'messages',
        `${messageName(index)} of ${where} must be an object, found ${describe(message)}`,
      );
    if (!Object.hasOwn(message, 'role')) throw new Finding('messages', `${messageName(index)} lacks "role"`);
  }
  let images = 0;
  let previousRole: string | undefined;
  let hasAssistant = false;
  let multimodal: boolean | undefined;
  for (let index = 0; index < value.length; index++) {
    const message = value[index] as Record<string, unknown>;
    const weight = checkWeight(message, index);
    const role = message.role;
    if (typeof role !== 'string' || !MESSAGE_ROLES.includes(role))
      throw new Finding(
        'role',
        `${messageName(index)} has role ${describe(role)}; the roles are ${MESSAGE_ROLES.join(', ')}`,
      );
    if (role === previousRole)
      throw new Finding(
        'role',
        `messages ${index} and ${index + 1} both have role "${role}"; after the optional system message, roles must alternate`,
      );
    previousRole = role;
    hasAssistant ||= role === 'assistant';
    // An assistant turn that only calls tools carries no text (OpenAI's chat format: `content: null`).
    if ((message.content === undefined || message.content === null) && Array.isArray(message.tool_calls))
      continue;
    if (!Object.hasOwn(message, 'content'))
      throw new Finding('content', `${messageName(index)} lacks "content"`);
    const content = checkContent(message.content, role, messageName(index));
    if (content.images > 0 && weight !== undefined && weight !== 0)
      throw new Finding('weight', `${messageName(index)} holds images, so its weight must be 0`);
    if (multimodal === undefined) multimodal = content.multimodal;
    else if (multimodal !== content.multimodal)
      throw new Finding(
        'content',
        'the messages mix text content and lists of parts; a sample uses one kind for all its messages',
      );
    images += content.images;
  }
  if (images > MAX_IMAGES_PER_SAMPLE)
    throw new Finding(
      'image',
      `the sample has ${images} images; at most ${MAX_IMAGES_PER_SAMPLE} are allowed`,
    );
  if (options.requireAssistant && !hasAssistant)
    throw new Finding('assistant', `${where} has no assistant message; at least one is required`);
  return value as Record<string, unknown>[];
}

// Python's json reads `true` as True, an int equal to 1, which together-py's `isinstance(weight, int)` takes; a JSON
// number 1.0 cannot be told from 1 after JSON.parse, so it is taken too (together-py refuses that float).
function checkWeight(message: Record<string, unknown>, index: number): number | undefined {
  if (!Object.hasOwn(message, 'weight')) return undefined;
  const weight = message.weight === true ? 1 : message.weight === false ? 0 : message.weight;
  if (weight !== 0 && weight !== 1)
    throw new Finding(
      'weight',
      `${messageName(index)} has weight ${describe(message.weight)}; a weight must be 0 or 1`,
    );
  return weight;
}

/** Checks a content value: a string, or a list of text and image parts. */
function checkContent(content: unknown, role: string, name: string): { multimodal: boolean; images: number } {
  if (typeof content === 'string') return { multimodal: false, images: 0 };
  if (!Array.isArray(content))
    throw new Finding('content', `${name} must be a string or a list of parts, found ${describe(content)}`);
  let images = 0;
  for (const part of content as unknown[]) {
    if (!isPlainObject(part))
      throw new Finding('content', `a content part of ${name} is ${describe(part)}, not an object`);
    if (!Object.hasOwn(part, 'type')) throw new Finding('content', `a content part of ${name} lacks "type"`);
    if (part.type === 'text') {
      if (typeof part.text !== 'string')
        throw new Finding(
          'content',
          `a text part of ${name} must have a string "text", found ${describe(part.text)}`,
        );
    } else if (part.type === 'image_url') {
      if (role !== 'user')
        throw new Finding('image', `${name} has role "${role}"; only user messages may hold images`);
      checkImage(part.image_url, name);
      images += 1;
    } else {
      throw new Finding(
        'content',
        `a content part of ${name} has type ${describe(part.type)}; the types are text, image_url`,
      );
    }
  }
  if (images > MAX_IMAGES_PER_SAMPLE)
    throw new Finding('image', `${name} has ${images} images; at most ${MAX_IMAGES_PER_SAMPLE} are allowed`);
  // A list without images still counts as multimodal: a sample keeps one kind of content for all its messages.
  return { multimodal: true, images };
}

// Names are built only for a finding: the loops above run for every message of every line.
function messageName(index: number): string {
  return `message ${index + 1}`;
}

function checkImage(imageUrl: unknown, name: string): void {
  const url = isPlainObject(imageUrl) ? imageUrl.url : undefined;
  if (typeof url !== 'string' || url === '')
    throw new Finding('image', `an image part of ${name} must have "image_url": { "url": string }`);
  if (!imageDataUrl.test(url.slice(0, 32)))
    throw new Finding(
      'image',
      `an image of ${name} must be a data URL of a jpeg, png or webp image (data:image/png;base64,...)`,
    );
  if (url.length > MAX_BASE64_IMAGE_LENGTH)
    throw new Finding(
      'image',
      `an image of ${name} has about ${Math.floor((url.length * 3) / 4)} bytes; the maximum is ${MAX_IMAGE_BYTES} (10 MiB)`,
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
