import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTransferProgress } from './progress.js';

function fakeTerminal(columns = 160) {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns, rows: 40 });
  let written = '';
  stream.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  // Cursor moves are escape sequences; what a person reads is the text between them.
  const text = () => stripVTControlCharacters(written);
  // Each drawing of a line: redraws move the cursor back instead of writing a newline, so after stripping the
  // escapes two frames of one line would read as one long line.
  const drawnLines = () =>
    written
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the output is split at its terminal escape sequences
      .split(/\n|\r|\x1b\[[0-9;]*[A-Za-z]/)
      .map(stripVTControlCharacters)
      .filter((line) => line.length > 0);
  return { stream, text, drawnLines };
}

const MiB = 1024 * 1024;

describe('createTransferProgress', () => {
  it('draws bytes, percentage, rate and ETA for a single transfer', async () => {
    const terminal = fakeTerminal();
    const progress = createTransferProgress({ label: 'upload', stream: terminal.stream });
    progress.update({ loaded: 0, total: 20 * MiB });
    await new Promise((resolve) => setTimeout(resolve, 20));
    progress.update({ loaded: 10 * MiB, total: 20 * MiB });
    progress.stop();
    const text = terminal.text();
    expect(text).toContain('upload');
    expect(text).toContain(' 50%');
    expect(text).toContain('10.0 MiB / 20.0 MiB');
    expect(text).toMatch(/\/s {2}ETA \d+s/);
    expect(text).toContain('█');
  });

  it('names the part that moved for a multipart upload', () => {
    const terminal = fakeTerminal();
    const progress = createTransferProgress({ label: 'upload', stream: terminal.stream });
    progress.update({ loaded: 4 * MiB, total: 30 * MiB, part: 2, parts: 3 });
    progress.stop();
    expect(terminal.text()).toContain('part 2 of 3');
  });

  it("adds a bar for each part in flight when the client reports the parts' own bytes", async () => {
    const terminal = fakeTerminal();
    const progress = createTransferProgress({ label: 'upload', stream: terminal.stream });
    const total = 30 * MiB;
    const part = (number: number, partLoaded: number, loaded: number) =>
      progress.update({ loaded, total, part: number, parts: 3, partLoaded, partTotal: 10 * MiB });
    part(1, 4 * MiB, 4 * MiB);
    part(2, 2 * MiB, 6 * MiB);
    // The bars redraw on a 10 fps timer: let one frame show both parts in flight.
    await new Promise((resolve) => setTimeout(resolve, 150));
    part(1, 10 * MiB, 12 * MiB);
    progress.stop();
    const text = terminal.text();
    expect(text).toContain('part 1/3');
    expect(text).toContain('part 2/3');
    expect(text).toContain('parts done 1/3');
  });

  it('narrows the bar to fit the terminal, so the line never wraps', () => {
    const terminal = fakeTerminal(72);
    const progress = createTransferProgress({ label: 'download', stream: terminal.stream });
    progress.update({ loaded: 900 * MiB, total: 1000 * MiB });
    progress.stop();
    const lines = terminal.drawnLines().filter((line) => line.includes('download'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(72);
    expect(lines.at(-1)).toContain('900.0 MiB / 1000.0 MiB');
  });

  it('writes nothing when stopped before any update', () => {
    const terminal = fakeTerminal();
    createTransferProgress({ label: 'download', stream: terminal.stream }).stop();
    expect(terminal.text()).toBe('');
  });
});
