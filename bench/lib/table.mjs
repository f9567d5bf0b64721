/**
 * Plain-text tables for the terminal and the README: left-aligned first column, right-aligned figures.
 */

/** Renders `header` and `rows` (arrays of strings) as aligned lines, indented by `indent` spaces. */
export function renderTable(header, rows, indent = 2) {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => String(row[column] ?? '').length)),
  );
  const line = (cells) =>
    ' '.repeat(indent) +
    cells
      .map((cell, column) =>
        column === 0
          ? String(cell ?? '').padEnd(widths[column])
          : String(cell ?? '').padStart(widths[column]),
      )
      .join('   ')
      .trimEnd();
  return [
    line(header),
    ' '.repeat(indent) + widths.map((width) => '-'.repeat(width)).join('   '),
    ...rows.map(line),
  ].join('\n');
}
