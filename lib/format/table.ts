/**
 * Rows as aligned text columns, two spaces apart: the first `left` columns left-aligned (names, times),
 * the rest right-aligned (numbers); no trailing blanks. Widths come from a loop, never from
 * Math.max(...rows): a table of 150,000 rows would pass the call stack's limit as arguments.
 */
export function textTable(rows: readonly (readonly string[])[], left = 1): string[] {
  const widths: number[] = [];
  for (const row of rows) for (const [c, cell] of row.entries()) widths[c] = Math.max(widths[c] ?? 0, cell.length);
  return rows.map((row) =>
    row
      .map((cell, c) => (c < left ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join('  ')
      .trimEnd(),
  );
}
