/**
 * Text that reaches a terminal is made inert (issue 13): file names, ids, statuses and error messages come from
 * the service or from files, and a raw ESC or C1 byte in them would let a stranger retitle the window, clear the
 * screen or forge lines. `--json` output is left exact; JSON already escapes C0 controls.
 */

// C0 controls, DEL, C1 controls, line/paragraph separators and the bidi overrides that reorder what is shown.
const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const EVERY_CONTROL = new RegExp(`[${CONTROL}]`, 'g');
// In a whole output: newlines and tabs are layout, and the colour sequences are ours (colors.ts).
const UNSAFE_OUTSIDE_COLORS = new RegExp(`\\u001b\\[[0-9;]*m|[${CONTROL}]`, 'g');

function escapeControl(character: string): string {
  const code = character.codePointAt(0)!;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One value shown on one line (a file name, an id, a message): every control character escaped (`\x1b`). */
export function printable(value: string): string {
  return value.replace(EVERY_CONTROL, escapeControl);
}

/**
 * A whole human-readable output, the last guard before the stream: control characters escaped, except newlines,
 * tabs and, when `colors` is on, the SGR colour sequences the CLI itself adds.
 */
export function terminalSafe(text: string, colors: boolean): string {
  return text.replace(UNSAFE_OUTSIDE_COLORS, (match) => {
    if (match === '\n' || match === '\t') return match;
    if (match.length > 1) return colors ? match : printable(match);
    return escapeControl(match);
  });
}
