import { parquetWriteBuffer } from 'hyparquet-writer';
import type { CheckFailure, CheckWarningRule } from '../src/report.js';

/** What a case expects: pass clean, pass with a warning of `rule`, or fail (block) on structural rule `rule`. */
export type Expected =
  | { level: 'pass' }
  | { level: 'warn'; rule: CheckWarningRule; line: number }
  | { level: 'error'; rule: CheckFailure; line?: number };

/** One (file, purpose) pair of the corpus. */
export interface CorpusCase {
  name: string;
  purpose: 'fine-tune' | 'eval' | 'batch-api';
  /** The file name: its extension decides the type. */
  file: string;
  content: string | Uint8Array;
  expected: Expected;
}

const pass = (): Expected => ({ level: 'pass' });
const warn = (rule: CheckWarningRule, line = 1): Expected => ({ level: 'warn', rule, line });
const error = (rule: CheckFailure, line?: number): Expected => ({
  level: 'error',
  rule,
  ...(line !== undefined && { line }),
});

const lines = (...samples: unknown[]) => `${samples.map((sample) => JSON.stringify(sample)).join('\n')}\n`;
const user = (content: unknown = 'Hi') => ({ role: 'user', content });
const assistant = (content: unknown = 'Hello') => ({ role: 'assistant', content });
const chat = (...messages: unknown[]) => ({
  messages: messages.length > 0 ? messages : [user(), assistant()],
});
const png = (bytes = 30) => ({
  type: 'image_url',
  image_url: { url: `data:image/png;base64,${'A'.repeat(Math.ceil(bytes / 3) * 4)}` },
});
const preference = (overrides: Record<string, unknown> = {}) => ({
  input: { messages: [user('Which?')] },
  preferred_output: [assistant('This')],
  non_preferred_output: [assistant('That')],
  ...overrides,
});

function parquet(columns: Record<string, number[]>): Uint8Array {
  const columnData = Object.entries(columns).map(([name, data]) => ({ name, data, type: 'INT32' as const }));
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

const fineTune = (name: string, content: string | Uint8Array, expected: Expected): CorpusCase => ({
  name,
  purpose: 'fine-tune',
  file: 'train.jsonl',
  content,
  expected,
});

/**
 * Our corpus: valid and invalid files for each format and purpose, with the level each expects. Structural cases
 * follow together-py v2's `check_file`; semantic cases follow its validators from before pull request 364 and its
 * newest constants (see the rules table in the README).
 */
export const corpus: CorpusCase[] = [
  // JSONL structure (every purpose)
  fineTune('general, two lines', lines({ text: 'a' }, { text: 'b' }), pass()),
  fineTune('no final newline', '{"text": "a"}\n{"text": "b"}', pass()),
  fineTune('CRLF line ends', '{"text": "a"}\r\n{"text": "b"}\r\n', pass()),
  fineTune('lone CR line ends (Python splits there)', '{"text": "a"}\r{"text": "b"}\r', pass()),
  fineTune('CR inside an object splits it', '{"text":\r"a"}\n', error('load_json', 1)),
  fineTune('blank line in the middle', '{"text": "a"}\n\n{"text": "b"}\n', error('load_json', 2)),
  fineTune('two final newlines', '{"text": "a"}\n\n', error('load_json', 2)),
  fineTune('whitespace-only line', '{"text": "a"}\n   \n', error('load_json', 2)),
  fineTune('invalid JSON', '{"text": "a"}\n{"text": }\n', error('load_json', 2)),
  fineTune('an array line', '{"text": "a"}\n[1, 2]\n', error('line_type', 2)),
  fineTune('a string line', '"text"\n', error('line_type', 1)),
  fineTune('byte order mark', '\ufeff{"text": "a"}\n', error('load_json', 1)),
  fineTune(
    'not UTF-8',
    new Uint8Array([...new TextEncoder().encode('{"text": "'), 0xff, 0x22, 0x7d, 0x0a]),
    error('utf8', 1),
  ),
  {
    name: 'NaN is read as Python reads it',
    purpose: 'eval',
    file: 'eval.jsonl',
    content: '{"score": NaN}\n',
    expected: warn('json_number'),
  },
  fineTune('a lone newline only', '\n', error('load_json', 1)),
  // fine-tune formats (warnings)
  fineTune('conversation', lines(chat(), chat()), pass()),
  fineTune('instruction', lines({ prompt: 'p', completion: 'c' }), pass()),
  fineTune('preference', lines(preference()), pass()),
  fineTune(
    'system, user, assistant',
    lines(chat({ role: 'system', content: 's' }, user(), assistant())),
    pass(),
  ),
  fineTune(
    'tool role and tool_calls with null content',
    lines(
      chat(
        user('weather?'),
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'w', arguments: '{}' } }],
        },
        { role: 'tool', content: 'sunny', tool_call_id: 'c1' },
        assistant('It is sunny'),
      ),
    ),
    pass(),
  ),
  fineTune(
    'a tools column',
    lines({ ...chat(), tools: [{ type: 'function', function: { name: 'w' } }] }),
    pass(),
  ),
  fineTune('a tools column that is not a list', lines({ ...chat(), tools: 'w' }), warn('tools')),
  fineTune('no format', lines({ question: 'q' }), warn('format')),
  fineTune('half a format', lines({ prompt: 'p' }), warn('format')),
  fineTune('two formats', lines({ text: 't', messages: [user(), assistant()] }), warn('format')),
  fineTune('an extra key', lines({ text: 't', id: 7 }), warn('extra_key')),
  fineTune(
    'formats differ between lines',
    lines({ text: 'a' }, { prompt: 'p', completion: 'c' }),
    warn('format_mismatch', 2),
  ),
  fineTune('text not a string', lines({ text: 5 }), warn('content')),
  fineTune('messages not a list', lines({ messages: 'hi' }), warn('messages')),
  fineTune('messages empty', lines({ messages: [] }), warn('messages')),
  fineTune('a message without role', lines(chat({ content: 'x' }, assistant())), warn('messages')),
  fineTune('an unknown role', lines(chat({ role: 'bot', content: 'x' }, assistant())), warn('role')),
  fineTune('two user messages in a row', lines(chat(user(), user(), assistant())), warn('role')),
  fineTune(
    'two tool messages in a row',
    lines(chat(user(), assistant(), { role: 'tool', content: 'a' }, { role: 'tool', content: 'b' })),
    warn('role'),
  ),
  fineTune('no assistant message', lines(chat(user())), warn('assistant')),
  fineTune('a message without content', lines(chat(user(), { role: 'assistant' })), warn('content')),
  fineTune('content a number', lines(chat(user(3), assistant())), warn('content')),
  fineTune('weight 2', lines(chat(user(), { ...assistant(), weight: 2 })), warn('weight')),
  fineTune('weights 0 and 1', lines(chat({ ...user(), weight: 0 }, { ...assistant(), weight: 1 })), pass()),
  fineTune(
    'an image in a user message',
    lines(chat(user([{ type: 'text', text: 'see' }, png()]), assistant([{ type: 'text', text: 'ok' }]))),
    pass(),
  ),
  fineTune(
    'an image in an assistant message',
    lines(chat(user([{ type: 'text', text: 'x' }]), assistant([png()]))),
    warn('image'),
  ),
  fineTune(
    'an image that is not a data URL',
    lines(
      chat(
        user([{ type: 'image_url', image_url: { url: 'https://x/y.png' } }]),
        assistant([{ type: 'text', text: 'ok' }]),
      ),
    ),
    warn('image'),
  ),
  fineTune(
    'eleven images',
    lines(chat(user(Array.from({ length: 11 }, () => png())), assistant([{ type: 'text', text: 'ok' }]))),
    warn('image'),
  ),
  fineTune(
    'text and part lists mixed',
    lines(chat(user([{ type: 'text', text: 'x' }]), assistant('plain'))),
    warn('content'),
  ),
  fineTune(
    'an unknown part type',
    lines(chat(user([{ type: 'audio', audio: 'x' }]), assistant([{ type: 'text', text: 'ok' }]))),
    warn('content'),
  ),
  fineTune(
    'an image with a non-zero weight',
    lines(chat({ ...user([png()]), weight: 1 }, assistant([{ type: 'text', text: 'ok' }]))),
    warn('weight'),
  ),
  fineTune('preference: input not an object', lines(preference({ input: [] })), warn('preference')),
  fineTune(
    'preference: input ends with the assistant',
    lines(preference({ input: { messages: [user(), assistant()] } })),
    warn('preference'),
  ),
  fineTune(
    'preference: two preferred messages',
    lines(preference({ preferred_output: [assistant(), assistant()] })),
    warn('preference'),
  ),
  fineTune(
    'preference: output from the user',
    lines(preference({ non_preferred_output: [user()] })),
    warn('preference'),
  ),
  // purposes and types
  {
    name: 'eval JSONL: any object',
    purpose: 'eval',
    file: 'eval.jsonl',
    content: lines({ question: 'q', answer: 'a' }),
    expected: pass(),
  },
  {
    name: 'eval JSONL: a blank line',
    purpose: 'eval',
    file: 'eval.jsonl',
    content: '{"q": 1}\n\n',
    expected: error('load_json', 2),
  },
  {
    name: 'batch JSONL: any object',
    purpose: 'batch-api',
    file: 'batch.jsonl',
    content: lines({ custom_id: '1', body: {} }),
    expected: pass(),
  },
  { name: 'CSV for eval', purpose: 'eval', file: 'eval.csv', content: 'q,a\n1,2\n3,4\n', expected: pass() },
  {
    name: 'CSV for eval, a blank line',
    purpose: 'eval',
    file: 'eval.csv',
    content: 'q,a\n1,2\n\n3,4\n',
    expected: pass(),
  },
  {
    name: 'CSV for eval, text after a closing quote',
    purpose: 'eval',
    file: 'eval.csv',
    content: 'q,a\n"1"x,2\n',
    expected: pass(),
  },
  {
    name: 'CSV for eval, a short row',
    purpose: 'eval',
    file: 'eval.csv',
    content: 'q,a\n1\n',
    expected: error('load_csv', 2),
  },
  {
    name: 'CSV for eval, a long row',
    purpose: 'eval',
    file: 'eval.csv',
    content: 'q,a\n1,2,3\n',
    expected: error('load_csv', 2),
  },
  {
    name: 'CSV for eval, header only',
    purpose: 'eval',
    file: 'eval.csv',
    content: 'q,a\n',
    expected: error('has_min_samples'),
  },
  {
    name: 'CSV for fine-tune',
    purpose: 'fine-tune',
    file: 'train.csv',
    content: 'q,a\n1,2\n',
    expected: error('purpose'),
  },
  {
    name: 'Parquet for fine-tune',
    purpose: 'fine-tune',
    file: 'train.parquet',
    content: parquet({ input_ids: [1, 2], attention_mask: [1, 1], labels: [1, 2] }),
    expected: pass(),
  },
  {
    name: 'Parquet without input_ids',
    purpose: 'fine-tune',
    file: 'train.parquet',
    content: parquet({ labels: [1] }),
    expected: error('load_parquet'),
  },
  {
    name: 'Parquet with position_ids',
    purpose: 'fine-tune',
    file: 'train.parquet',
    content: parquet({ input_ids: [1], position_ids: [0] }),
    expected: error('load_parquet'),
  },
  {
    name: 'Parquet for eval',
    purpose: 'eval',
    file: 'eval.parquet',
    content: parquet({ input_ids: [1] }),
    expected: error('purpose'),
  },
  {
    name: 'not Parquet',
    purpose: 'fine-tune',
    file: 'train.parquet',
    content: 'not parquet at all',
    expected: error('load_parquet'),
  },
  {
    name: 'an unknown extension',
    purpose: 'fine-tune',
    file: 'train.txt',
    content: lines({ text: 'a' }),
    expected: error('filetype'),
  },
];
