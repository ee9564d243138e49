/** A column of {@link renderTable}. */
export interface TableColumn<T> {
  header: string;
  value(row: T): string;
  /** The longest a cell may get before it is cut with "…" (default: no limit). */
  maxWidth?: number;
}

function cut(text: string, max?: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!max || flat.length <= max) return flat;
  return `${flat.slice(0, Math.max(1, max - 1))}…`;
}

/**
 * Renders rows as a plain-text table (header, rule, one line per row), columns padded to their widest
 * cell. Plain text on purpose: it reads the same in a terminal, a CI log and a pasted support ticket.
 */
export function renderTable<T>(rows: readonly T[], columns: ReadonlyArray<TableColumn<T>>): string {
  const cells = rows.map((row) => columns.map((column) => cut(column.value(row), column.maxWidth)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i].length)));
  const line = (values: string[]) => values.map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
