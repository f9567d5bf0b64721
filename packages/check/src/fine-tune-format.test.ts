import { describe, expect, test } from 'vitest';
import { checkFile } from './check-file.js';
import { checkFineTuneSample, MAX_IMAGE_BYTES } from './fine-tune-format.js';
import { chat, jsonl } from './test-fixtures.js';

const encoder = new TextEncoder();
const checkLines = (samples: unknown[]) => checkFile(encoder.encode(jsonl(samples)));

const user = (content: unknown) => ({ role: 'user', content });
const assistant = (content: unknown = 'ok') => ({ role: 'assistant', content });
const conversation = (...messages: unknown[]) => ({ messages });
const image = (bytes = 30, mime = 'png') => ({
  type: 'image_url',
  image_url: { url: `data:image/${mime};base64,${base64Of(bytes)}` },
});

/** Base64 text (all "A") that decodes to exactly `bytes` bytes, with its padding. */
function base64Of(bytes: number): string {
  const tail = ['', 'AA==', 'AAA='][bytes % 3]!;
  return 'A'.repeat(Math.floor(bytes / 3) * 4) + tail;
}

/** The verdict on one sample, as the fine-tune rules see it on line 1. */
function verdict(sample: Record<string, unknown>) {
  const result = checkFineTuneSample(sample, 1);
  return result.problem ?? { format: result.format };
}

describe('dataset formats', () => {
  test.each([
    [{ text: 'hello' }, 'general'],
    [chat(), 'conversation'],
    [{ prompt: 'p', completion: 'c' }, 'instruction'],
    [
      {
        input: { messages: [user('q')] },
        preferred_output: [assistant('good')],
        non_preferred_output: [assistant('bad')],
      },
      'preference',
    ],
  ])('%j is %s', async (sample, format) => {
    expect(verdict(sample)).toEqual({ format });
    const report = await checkLines([sample, sample]);
    expect(report).toMatchObject({
      is_check_passed: true,
      dataset_format: format,
      text_field: true,
      key_value: true,
    });
  });

  test('extra unknown keys are allowed', () => {
    expect(verdict({ text: 'x', id: 7, meta: { source: 'web' } })).toEqual({ format: 'general' });
  });

  test('every line must have the format of line 1', async () => {
    const report = await checkLines([{ text: 'a' }, { text: 'b' }, { prompt: 'p', completion: 'c' }]);
    expect(report).toMatchObject({ failed_check: 'text_field', text_field: false, line_number: 3 });
    expect(report.message).toContain('instruction format but line 1 is in general format');
  });

  test('no format, half a format, and two formats fail on text_field', () => {
    expect(verdict({ question: 'q' })).toMatchObject({
      check: 'text_field',
      message: expect.stringContaining('no dataset format matches the keys (question)'),
    });
    expect(verdict({ prompt: 'p' })).toMatchObject({
      check: 'text_field',
      message: 'Line 1: the instruction sample lacks "completion"',
    });
    expect(verdict({ text: 't', ...chat() })).toMatchObject({
      check: 'text_field',
      message: expect.stringContaining('more than one'),
    });
  });

  test.each([
    [{ text: 5 }, '"text" of the sample must be a string, found a number (5)'],
    [{ prompt: 'p', completion: null }, '"completion" of the sample must be a string, found null'],
    [{ messages: 'hi' }, '"messages" must be a list'],
    [{ messages: [] }, '"messages" must not be empty'],
  ])('%j fails on key_value', (sample, message) => {
    expect(verdict(sample)).toMatchObject({ check: 'key_value', message: expect.stringContaining(message) });
  });
});

describe('conversations', () => {
  test('roles must be known', () => {
    expect(verdict(conversation(user('q'), { role: 'bot', content: 'a' }))).toMatchObject({
      check: 'key_value',
      message: 'Line 1: message 2 has role "bot"; the roles are system, user, assistant, tool',
    });
  });

  test('a message without role or content fails on text_field', () => {
    expect(verdict(conversation({ content: 'q' }, assistant()))).toMatchObject({
      check: 'text_field',
      message: 'Line 1: message 1 lacks "role"',
    });
    expect(verdict(conversation({ role: 'user' }, assistant()))).toMatchObject({
      check: 'text_field',
      message: 'Line 1: message 1 lacks "content"',
    });
  });

  test('two consecutive messages of one role fail; tool results in a row do not', () => {
    expect(verdict(conversation(user('a'), user('b'), assistant()))).toMatchObject({
      check: 'key_value',
      message: expect.stringContaining('messages 1 and 2 both have role "user"'),
    });
    const tools = conversation(
      user('weather?'),
      { role: 'assistant', content: null, tool_calls: [{ id: '1' }, { id: '2' }] },
      { role: 'tool', content: 'sunny' },
      { role: 'tool', content: 'warm' },
      assistant('sunny and warm'),
    );
    expect(verdict(tools)).toEqual({ format: 'conversation' });
  });

  test('at least one assistant message', () => {
    expect(verdict(conversation({ role: 'system', content: 's' }, user('q')))).toMatchObject({
      check: 'key_value',
      message: expect.stringContaining('no assistant message'),
    });
  });

  test('message weights are 0 or 1; the sample weight is a non-negative number', () => {
    expect(verdict(conversation(user('q'), { ...assistant(), weight: 0 }))).toEqual({
      format: 'conversation',
    });
    expect(verdict(conversation(user('q'), { ...assistant(), weight: 0.5 }))).toMatchObject({
      check: 'key_value',
      message: 'Line 1: message 2 has weight a number (0.5); a weight must be 0 or 1',
    });
    expect(verdict(conversation(user('q'), { ...assistant(), weight: true }))).toMatchObject({
      check: 'key_value',
    });
    expect(verdict({ ...chat(), weight: 2.5 })).toEqual({ format: 'conversation' });
    expect(verdict({ text: 't', weight: -1 })).toMatchObject({
      check: 'key_value',
      message: 'Line 1: "weight" must be a non-negative number, found a number (-1)',
    });
    expect(verdict({ text: 't', weight: '1' })).toMatchObject({ check: 'key_value' });
  });
});

describe('multimodal content', () => {
  test('text and image parts in a user message pass', () => {
    const sample = conversation(
      user([{ type: 'text', text: 'what is this?' }, image(100, 'jpeg'), image(10, 'webp')]),
      assistant(),
    );
    expect(verdict(sample)).toEqual({ format: 'conversation' });
  });

  test('images only in user messages', () => {
    const sample = conversation(user('q'), assistant([image()]));
    expect(verdict(sample)).toMatchObject({
      check: 'key_value',
      message: expect.stringContaining('only user messages may hold images'),
    });
  });

  test('only data URLs of jpeg, png or webp', () => {
    const gif = conversation(user([image(10, 'gif')]), assistant());
    expect(verdict(gif)).toMatchObject({
      check: 'key_value',
      message: expect.stringContaining('jpeg, png or webp'),
    });
    const remote = conversation(
      user([{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }]),
      assistant(),
    );
    expect(verdict(remote)).toMatchObject({ check: 'key_value' });
    const noUrl = conversation(
      user([{ type: 'image_url', image_url: 'data:image/png;base64,AAAA' }]),
      assistant(),
    );
    expect(verdict(noUrl)).toMatchObject({
      check: 'key_value',
      message: expect.stringContaining('"image_url": { "url": string }'),
    });
  });

  test('at most 10 images in a sample, counted over its messages', () => {
    const ten = conversation(
      user(Array.from({ length: 5 }, () => image())),
      assistant(),
      user(Array.from({ length: 5 }, () => image())),
      assistant(),
    );
    expect(verdict(ten)).toEqual({ format: 'conversation' });
    const eleven = conversation(
      user(Array.from({ length: 6 }, () => image())),
      assistant(),
      user(Array.from({ length: 5 }, () => image())),
      assistant(),
    );
    expect(verdict(eleven)).toMatchObject({
      check: 'key_value',
      message: expect.stringContaining('more than 10 images'),
    });
  });

  test('each image at most 10 MiB decoded', () => {
    expect(verdict(conversation(user([image(MAX_IMAGE_BYTES)]), assistant()))).toEqual({
      format: 'conversation',
    });
    expect(verdict(conversation(user([image(MAX_IMAGE_BYTES + 1)]), assistant()))).toMatchObject({
      check: 'key_value',
      message: expect.stringContaining('has 10485761 bytes; the maximum is 10485760'),
    });
  });

  test('unknown part types, bad text parts and empty lists fail', () => {
    expect(verdict(conversation(user([{ type: 'audio' }]), assistant()))).toMatchObject({
      check: 'key_value',
    });
    expect(verdict(conversation(user([{ type: 'text', text: 1 }]), assistant()))).toMatchObject({
      check: 'key_value',
    });
    expect(verdict(conversation(user([]), assistant()))).toMatchObject({
      check: 'key_value',
      message: expect.stringContaining('empty'),
    });
    expect(verdict(conversation(user(42), assistant()))).toMatchObject({ check: 'key_value' });
  });
});

describe('preference samples', () => {
  const base = {
    input: { messages: [user('q')] },
    preferred_output: [assistant('a')],
    non_preferred_output: [assistant('b')],
  };

  test.each([
    [{ ...base, input: [] }, '"input" must be an object'],
    [{ ...base, input: { messages: [user('q'), assistant('a')] } }, 'must not be from the assistant'],
    [{ ...base, preferred_output: [assistant('a'), assistant('b')] }, 'exactly one message'],
    [{ ...base, non_preferred_output: [user('b')] }, 'must have role "assistant"'],
    [{ ...base, preferred_output: [assistant(3)] }, 'must be a string'],
  ])('%j fails', (sample, message) => {
    expect(verdict(sample)).toMatchObject({ check: 'key_value', message: expect.stringContaining(message) });
  });

  test('the input needs messages, but no assistant message', () => {
    expect(verdict({ ...base, input: {} })).toMatchObject({ check: 'text_field' });
    expect(verdict(base)).toEqual({ format: 'preference' });
  });
});
