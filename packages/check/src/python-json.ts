const pythonNumber = /NaN|Infinity/;

/**
 * Parses a line as Python's `json.loads` would where it differs from `JSON.parse` in what it accepts: the bare
 * numbers NaN, Infinity and -Infinity (together-py v2 reads lines with `json.loads`, so they pass its check).
 * Returns `undefined` when the line is not JSON even so. Runs only after `JSON.parse` failed, so clean files never pay.
 */
export function parsePythonJson(text: string): { value: unknown } | undefined {
  if (!pythonNumber.test(text)) return undefined;
  let rewritten = '';
  let copiedTo = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92 /* \ */) index += 1;
      else if (code === 34 /* " */) inString = false;
      continue;
    }
    if (code === 34) {
      inString = true;
      continue;
    }
    // A bare token outside strings: NaN, Infinity or -Infinity become 0 for the parse (their value is not kept).
    const token = text.startsWith('NaN', index)
      ? 3
      : text.startsWith('Infinity', index)
        ? 8
        : text.startsWith('-Infinity', index)
          ? 9
          : 0;
    if (token > 0 && startsValue(text, index)) {
      rewritten += `${text.slice(copiedTo, index)}0`;
      index += token - 1;
      copiedTo = index + 1;
    }
  }
  if (copiedTo === 0) return undefined;
  try {
    return { value: JSON.parse(rewritten + text.slice(copiedTo)) };
  } catch {
    return undefined;
  }
}

// A value starts at the line's start or after `[`, `,` or `:` (and spaces): `1NaN` or `-NaN` stay errors, as in Python.
function startsValue(text: string, index: number): boolean {
  let before = index - 1;
  while (before >= 0 && ' \t'.includes(text[before]!)) before -= 1;
  return before < 0 || '[,:'.includes(text[before]!);
}
